import type { Queryable } from '@ppm/ledger';
import { countOf, satsText, type DbNumber } from './row-values';

/** Reward totals of one UTC day. */
export interface DailyRewards {
  /** YYYY-MM-DD (UTC). */
  date: string;
  poolBlocks: number;
  selfBlocks: number;
  /** Rewards of pool blocks (what the delegates' coins earned, before the pool fee). */
  rewardSats: string;
  sharedSats: string;
  poolFeeSats: string;
  selfRewardSats: string;
}

// A block's day is its block time; blocks stored before the snapshotter filled block_time fall back to when
// they were applied.
const DAILY_SQL = `
WITH per_block AS (
  SELECT b.kind,
    to_char(coalesce(b.block_time, b.applied_at, b.seen_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
    coalesce(b.reward_sats, 0) AS reward_sats,
    coalesce((SELECT sum(e.amount_sats) FROM ledger_entries e WHERE e.block_hash = b.hash AND e.application = greatest(b.application, 1) AND e.kind = 'delegate_share'), 0) AS shared_sats,
    coalesce((SELECT sum(e.amount_sats) FROM ledger_entries e WHERE e.block_hash = b.hash AND e.application = greatest(b.application, 1) AND e.kind = 'pool_fee'), 0) AS pool_fee_sats
  FROM blocks b
  WHERE b.on_main_chain AND b.status = 'applied' AND b.kind IN ('pool', 'self')
)
SELECT day,
  count(*) FILTER (WHERE kind = 'pool') AS pool_blocks,
  count(*) FILTER (WHERE kind = 'self') AS self_blocks,
  coalesce(sum(reward_sats) FILTER (WHERE kind = 'pool'), 0) AS reward_sats,
  coalesce(sum(reward_sats) FILTER (WHERE kind = 'self'), 0) AS self_reward_sats,
  coalesce(sum(shared_sats), 0) AS shared_sats,
  coalesce(sum(pool_fee_sats), 0) AS pool_fee_sats
FROM per_block GROUP BY day ORDER BY day DESC LIMIT $1`;

const DAY_MS = 86_400_000;

interface DailyRow {
  day: string;
  pool_blocks: DbNumber;
  self_blocks: DbNumber;
  reward_sats: DbNumber;
  self_reward_sats: DbNumber;
  shared_sats: DbNumber;
  pool_fee_sats: DbNumber;
}

/**
 * Per-day totals for the last `days` days ending on the day of the latest reward block, one entry per day
 * (days without rewards are zeros), oldest first. The window ends at the data rather than at "now" so a
 * pool that has been idle still shows its history; empty when nothing was ever applied.
 */
export async function listDailyRewards(db: Queryable, days: number): Promise<DailyRewards[]> {
  const r = await db.query<DailyRow>(DAILY_SQL, [days]);
  const byDay = new Map(r.rows.map((row) => [row.day, row]));
  const latest = r.rows[0];
  if (!latest) return [];
  const lastMs = Date.parse(`${latest.day}T00:00:00Z`);
  const out: DailyRewards[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const date = new Date(lastMs - i * DAY_MS).toISOString().slice(0, 10);
    const row = byDay.get(date);
    out.push({
      date,
      poolBlocks: countOf(row?.pool_blocks),
      selfBlocks: countOf(row?.self_blocks),
      rewardSats: satsText(row?.reward_sats),
      sharedSats: satsText(row?.shared_sats),
      poolFeeSats: satsText(row?.pool_fee_sats),
      selfRewardSats: satsText(row?.self_reward_sats),
    });
  }
  return out;
}
