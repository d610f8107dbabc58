import type { Db } from '@ppm/ledger';

/** Seeds balances the way the ledger holds them: opening_balance / delegate_share entries at a height. */
export async function seedEntries(db: Db, entries: readonly { address: string; sats: bigint; height: number; kind?: 'opening_balance' | 'delegate_share' }[]): Promise<void> {
  await db.query(
    `INSERT INTO ledger_entries (kind, address, amount_sats, height)
     SELECT e.kind, e.address, e.sats::numeric, e.height FROM jsonb_to_recordset($1::jsonb) AS e(kind text, address text, sats text, height int)`,
    [JSON.stringify(entries.map((e) => ({ kind: e.kind ?? 'delegate_share', address: e.address, sats: e.sats.toString(), height: e.height })))],
  );
}

/** Per-address ledger position (from the view), as bigints. */
export async function positions(db: Db): Promise<Map<string, { accrued: bigint; paid: bigint; inFlight: bigint; balance: bigint }>> {
  const r = await db.query<{ address: string; accrued_sats: string; paid_sats: string; in_flight_sats: string }>(
    'SELECT address, accrued_sats, paid_sats, in_flight_sats FROM delegate_balances');
  return new Map(r.rows.map((x) => {
    const accrued = BigInt(x.accrued_sats);
    const paid = BigInt(x.paid_sats);
    const inFlight = BigInt(x.in_flight_sats);
    return [x.address, { accrued, paid, inFlight, balance: accrued - inFlight - paid }];
  }));
}

/** Counts rows of the payout tables and the ledger (to prove a dry run changes nothing). */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['payout_plans', 'payout_batches', 'payout_outputs', 'ledger_entries', 'outbox']) {
    const r = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`);
    out[t] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

/** Outbox messages of `kind`, oldest first. */
export async function outboxOf(db: Db, kind: string): Promise<{ payload: Record<string, unknown>; severity: string }[]> {
  const r = await db.query<{ payload: unknown; severity: string }>('SELECT payload, severity FROM outbox WHERE kind = $1 ORDER BY id', [kind]);
  return r.rows.map((x) => ({ payload: (typeof x.payload === 'string' ? JSON.parse(x.payload) : x.payload) as Record<string, unknown>, severity: x.severity }));
}
