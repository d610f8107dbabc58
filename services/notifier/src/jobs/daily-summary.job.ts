import { writeOutbox, type Db } from '@ppm/ledger';

/** The UTC day before `now`, as YYYY-MM-DD: the summary fired at 00:00 UTC reports the day that just ended. */
export function previousUtcDay(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1)).toISOString().slice(0, 10);
}

/**
 * Writes the summary of UTC day `date` from the ledger: blocks applied that day, reward, payouts, delegates with a
 * balance, and what is owed. Returns the outbox id, or null when that day's summary exists.
 */
export async function produceDailySummary(db: Db, date: string): Promise<string | null> {
  const from = `${date}T00:00:00Z`;
  const blocks = await db.query<{ pool: string; self: string; reward: string }>(
    `SELECT count(*) FILTER (WHERE kind = 'pool')::text AS pool, count(*) FILTER (WHERE kind = 'self')::text AS self,
            coalesce(sum(reward_sats) FILTER (WHERE kind IN ('pool', 'self')), 0)::text AS reward
       FROM blocks WHERE status = 'applied' AND on_main_chain
        AND applied_at >= $1::timestamptz AND applied_at < $1::timestamptz + interval '1 day'`,
    [from],
  );
  const paid = await db.query<{ paid: string }>(
    `SELECT coalesce(sum(amount_sats), 0)::text AS paid FROM ledger_entries
      WHERE kind = 'payout_paid' AND created_at >= $1::timestamptz AND created_at < $1::timestamptz + interval '1 day'`,
    [from],
  );
  const owed = await db.query<{ delegates: string; owed: string }>(
    `SELECT count(*) FILTER (WHERE accrued_sats - paid_sats > 0)::text AS delegates,
            coalesce(sum(accrued_sats - paid_sats), 0)::text AS owed FROM delegate_balances`,
  );
  const b = blocks.rows[0];
  return writeOutbox(db, {
    kind: 'daily_summary',
    dedupeKey: `daily_summary:${date}`,
    payload: {
      date,
      poolBlocks: Number(b?.pool ?? 0),
      selfBlocks: Number(b?.self ?? 0),
      rewardSats: b?.reward ?? '0',
      paidSats: paid.rows[0]?.paid ?? '0',
      delegates: Number(owed.rows[0]?.delegates ?? 0),
      balanceOwedSats: owed.rows[0]?.owed ?? '0',
    },
  });
}
