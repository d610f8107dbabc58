import type { Queryable } from '@ppm/ledger';
import { countOf, isoOrNull, satsText, type DbNumber, type DbTime } from './row-values';

/** One delegate's share of one block. */
export interface BlockShare {
  address: string;
  weightSats: string;
  shareSats: string;
}

/** One applied reward block (pool: shared; self: pool revenue) with its split. */
export interface BlockReward {
  height: number;
  blockHash: string;
  kind: 'pool' | 'self';
  blockTime: string | null;
  rewardSats: string;
  poolFeeSats: string;
  /** D = R - F when W > 0 (sum of the shares). */
  sharedSats: string;
  /** D when the block had no eligible weight (W == 0). */
  unallocatedSats: string;
  poolWeightSats: string;
  /** The first shares by address (at most the query's sharesLimit); all of them at /v1/rewards/{blockHash}/shares. */
  shares: BlockShare[];
  /** How many delegates had a share (weight > 0) in this block. */
  shareCount: number;
}

/** Which blocks to list: an inclusive height range, walked upward (`asc`) or down from the top (`desc`). */
export interface RewardsQuery {
  from?: number | undefined;
  to?: number | undefined;
  direction: 'asc' | 'desc';
  limit: number;
  sharesLimit: number;
}

/** Estimated reply bytes of one block without shares, and of one share: what the page budget counts. */
export const BLOCK_REPLY_BYTES = 450;
export const SHARE_REPLY_BYTES = 130;
/** A page of /v1/rewards stops before its estimated reply passes this size (always at least one block). */
export const REWARDS_PAGE_BUDGET_BYTES = 256 * 1024;

interface KeyRow {
  hash: string;
  height: DbNumber;
  delegate_count: DbNumber;
}

// Amounts per block net of reversals are not needed here: only main-chain applied blocks are listed, and
// their entries are never reversed while they stay on the main chain.
interface BlockRow {
  hash: string;
  height: DbNumber;
  kind: string;
  block_time: DbTime;
  reward_sats: DbNumber;
  pool_weight_sats: DbNumber;
  pool_fee_sats: DbNumber;
  shared_sats: DbNumber;
  unallocated_sats: DbNumber;
}

const REWARD_BLOCKS = `b.on_main_chain AND b.status = 'applied' AND b.kind IN ('pool', 'self')`;

const KEYS_SQL = (order: 'ASC' | 'DESC') => `
SELECT b.hash, b.height, coalesce(s.delegate_count, 0) AS delegate_count
FROM blocks b LEFT JOIN snapshots s ON s.block_hash = b.hash
WHERE ${REWARD_BLOCKS} AND ($1::int IS NULL OR b.height >= $1) AND ($2::int IS NULL OR b.height <= $2)
ORDER BY b.height ${order}
LIMIT $3`;

const BLOCKS_SQL = `
SELECT b.hash, b.height, b.kind, b.block_time,
  coalesce(b.reward_sats, s.reward_sats, 0) AS reward_sats,
  coalesce(s.pool_weight_sats, 0) AS pool_weight_sats,
  coalesce((SELECT sum(e.amount_sats) FROM ledger_entries e WHERE e.block_hash = b.hash AND e.kind = 'pool_fee'), 0) AS pool_fee_sats,
  coalesce((SELECT sum(e.amount_sats) FROM ledger_entries e WHERE e.block_hash = b.hash AND e.kind = 'delegate_share'), 0) AS shared_sats,
  coalesce((SELECT sum(e.amount_sats) FROM ledger_entries e WHERE e.block_hash = b.hash AND e.kind = 'unallocated'), 0) AS unallocated_sats
FROM blocks b LEFT JOIN snapshots s ON s.block_hash = b.hash
WHERE b.hash = ANY($1::text[])
ORDER BY b.height`;

// The first $2 shares of each block by address, and each block's share count.
const SHARES_SQL = `
SELECT block_hash, address, weight_sats, share_sats, n FROM (
  SELECT w.block_hash, w.address, w.weight_sats, coalesce(e.amount_sats, 0) AS share_sats,
    row_number() OVER (PARTITION BY w.block_hash ORDER BY w.address) AS i,
    count(*) OVER (PARTITION BY w.block_hash) AS n
  FROM snapshot_weights w
  LEFT JOIN ledger_entries e ON e.block_hash = w.block_hash AND e.address = w.address AND e.kind = 'delegate_share'
  WHERE w.block_hash = ANY($1::text[]) AND w.weight_sats > 0
) t WHERE i <= $2
ORDER BY block_hash, address`;

const BLOCK_SHARES_SQL = `
SELECT w.address, w.weight_sats, coalesce(e.amount_sats, 0) AS share_sats
FROM snapshot_weights w
LEFT JOIN ledger_entries e ON e.block_hash = w.block_hash AND e.address = w.address AND e.kind = 'delegate_share'
WHERE w.block_hash = $1 AND w.weight_sats > 0 AND ($2::text IS NULL OR w.address > $2)
ORDER BY w.address
LIMIT $3`;

/**
 * A page of applied reward blocks, in height order. `asc` lists from `from` upward; `desc` takes the latest
 * blocks down from `to` (or the tip), so the default is "the latest blocks". The page holds at most `limit`
 * blocks and stops early when its reply would pass {@link REWARDS_PAGE_BUDGET_BYTES}; `more` says whether
 * blocks remain beyond it in the walking direction.
 */
export async function listRewards(db: Queryable, q: RewardsQuery): Promise<{ rewards: BlockReward[]; more: boolean }> {
  const keys = await db.query<KeyRow>(KEYS_SQL(q.direction === 'asc' ? 'ASC' : 'DESC'), [q.from ?? null, q.to ?? null, q.limit + 1]);
  const chosen: string[] = [];
  let bytes = 0;
  for (const row of keys.rows.slice(0, q.limit)) {
    const cost = BLOCK_REPLY_BYTES + SHARE_REPLY_BYTES * Math.min(countOf(row.delegate_count), q.sharesLimit);
    if (chosen.length > 0 && bytes + cost > REWARDS_PAGE_BUDGET_BYTES) break;
    chosen.push(row.hash);
    bytes += cost;
  }
  const more = keys.rows.length > chosen.length;
  if (chosen.length === 0) return { rewards: [], more };
  const blocks = await db.query<BlockRow>(BLOCKS_SQL, [chosen]);
  const shares = new Map<string, { list: BlockShare[]; n: number }>();
  const s = await db.query<{ block_hash: string; address: string; weight_sats: DbNumber; share_sats: DbNumber; n: DbNumber }>(SHARES_SQL, [chosen, q.sharesLimit]);
  for (const row of s.rows) {
    const entry = shares.get(row.block_hash) ?? { list: [], n: countOf(row.n) };
    entry.list.push({ address: row.address, weightSats: satsText(row.weight_sats), shareSats: satsText(row.share_sats) });
    shares.set(row.block_hash, entry);
  }
  return {
    more,
    rewards: blocks.rows.map((row) => ({
      height: countOf(row.height),
      blockHash: row.hash,
      kind: row.kind === 'self' ? 'self' : 'pool',
      blockTime: isoOrNull(row.block_time),
      rewardSats: satsText(row.reward_sats),
      poolFeeSats: satsText(row.pool_fee_sats),
      sharedSats: satsText(row.shared_sats),
      unallocatedSats: satsText(row.unallocated_sats),
      poolWeightSats: satsText(row.pool_weight_sats),
      shares: shares.get(row.hash)?.list ?? [],
      shareCount: shares.get(row.hash)?.n ?? 0,
    })),
  };
}

/** One reward block's height, or undefined when `blockHash` is not an applied main-chain reward block. */
export async function rewardBlockHeight(db: Queryable, blockHash: string): Promise<number | undefined> {
  const r = await db.query<{ height: DbNumber }>(`SELECT b.height FROM blocks b WHERE b.hash = $1 AND ${REWARD_BLOCKS}`, [blockHash]);
  const row = r.rows[0];
  return row ? countOf(row.height) : undefined;
}

/** A page of one block's shares by address, after `after`; `more` when others follow. */
export async function listBlockShares(db: Queryable, blockHash: string, limit: number, after?: string): Promise<{ shares: BlockShare[]; more: boolean }> {
  const r = await db.query<{ address: string; weight_sats: DbNumber; share_sats: DbNumber }>(BLOCK_SHARES_SQL, [blockHash, after ?? null, limit + 1]);
  return {
    more: r.rows.length > limit,
    shares: r.rows.slice(0, limit).map((row) => ({ address: row.address, weightSats: satsText(row.weight_sats), shareSats: satsText(row.share_sats) })),
  };
}
