import type { Queryable } from '@ppm/ledger';
import type { DelegateBalance } from '../domain/plan';

/**
 * Balances straight from the append-only ledger (view delegate_balances): balance = accrued - in flight - paid.
 * Our own SQL rather than the ledger's repo because payout needs it inside its reserve transaction.
 */
export async function readBalances(q: Queryable, addresses?: readonly string[]): Promise<DelegateBalance[]> {
  const sql = `SELECT address, (accrued_sats - in_flight_sats - paid_sats)::text AS balance FROM delegate_balances` +
    (addresses ? ` WHERE address IN (SELECT jsonb_array_elements_text($1::jsonb))` : '');
  const r = await q.query<{ address: string; balance: string }>(sql, addresses ? [JSON.stringify(addresses)] : []);
  return r.rows.map((row) => ({ address: row.address, balanceSats: BigInt(row.balance) }));
}

/**
 * The height a plan is "as of": the highest height of any delegate entry. It changes only when balances can
 * have changed (a share, a reversal, a payout movement), not with every block, so a plan waiting for manual
 * approval keeps its hash until rewards actually change. Payout entries carry heights too (reserve: the plan's
 * height; paid: the tx's block; release: the tip at release), which keeps a re-plan after a release from
 * colliding with the released plan's hash.
 */
export async function readLedgerHeight(q: Queryable): Promise<number> {
  const r = await q.query<{ h: number | string | null }>('SELECT max(height) AS h FROM ledger_entries WHERE address IS NOT NULL');
  const h = r.rows[0]?.h;
  return h === null || h === undefined ? 0 : Number(h);
}
