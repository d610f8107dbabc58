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
  shares: BlockShare[];
}

/** Which blocks to list: an inclusive height range, at most `limit` blocks. */
export interface RewardsQuery {
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
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

const BLOCKS_SQL = (order: 'ASC' | 'DESC') => `
SELECT b.hash, b.height, b.kind, b.block_time,
  coalesce(b.reward_sats, s.reward_sats, 0) AS reward_sats,
  coalesce(s.pool_weight_sats, 0) AS pool_weight_sats,
  coalesce((SELECT sum(e.amount_sats) FROM ledger_entries e WHERE e.block_hash = b.hash AND e.application = greatest(b.application, 1) AND e.kind = 'pool_fee'), 0) AS pool_fee_sats,
  coalesce((SELECT sum(e.amount_sats) FROM ledger_entries e WHERE e.block_hash = b.hash AND e.application = greatest(b.application, 1) AND e.kind = 'delegate_share'), 0) AS shared_sats,
  coalesce((SELECT sum(e.amount_sats) FROM ledger_entries e WHERE e.block_hash = b.hash AND e.application = greatest(b.application, 1) AND e.kind = 'unallocated'), 0) AS unallocated_sats
FROM blocks b LEFT JOIN snapshots s ON s.block_hash = b.hash
WHERE b.on_main_chain AND b.status = 'applied' AND b.kind IN ('pool', 'self')
  AND ($1::int IS NULL OR b.height >= $1) AND ($2::int IS NULL OR b.height <= $2)
ORDER BY b.height ${order}
LIMIT $3`;

const SHARES_SQL = `
SELECT w.block_hash, w.address, w.weight_sats, coalesce(e.amount_sats, 0) AS share_sats
FROM snapshot_weights w
LEFT JOIN ledger_entries e ON e.block_hash = w.block_hash AND e.address = w.address AND e.kind = 'delegate_share'
  AND e.application = (SELECT greatest(x.application, 1) FROM blocks x WHERE x.hash = w.block_hash)
WHERE w.block_hash = ANY($1::text[]) AND w.weight_sats > 0
ORDER BY w.block_hash, w.address`;

/**
 * Applied reward blocks in height order. With `from`, the first `limit` blocks from there; otherwise the last
 * `limit` blocks up to `to` (or the tip), so the default is "the latest blocks".
 */
export async function listRewards(db: Queryable, q: RewardsQuery): Promise<BlockReward[]> {
  const ascending = q.from !== undefined;
  const r = await db.query<BlockRow>(BLOCKS_SQL(ascending ? 'ASC' : 'DESC'), [q.from ?? null, q.to ?? null, q.limit]);
  const rows = ascending ? r.rows : [...r.rows].reverse();
  const hashes = rows.map((row) => row.hash);
  const shares = new Map<string, BlockShare[]>();
  if (hashes.length > 0) {
    const s = await db.query<{ block_hash: string; address: string; weight_sats: DbNumber; share_sats: DbNumber }>(SHARES_SQL, [hashes]);
    for (const row of s.rows) {
      const list = shares.get(row.block_hash) ?? [];
      list.push({ address: row.address, weightSats: satsText(row.weight_sats), shareSats: satsText(row.share_sats) });
      shares.set(row.block_hash, list);
    }
  }
  return rows.map((row) => ({
    height: countOf(row.height),
    blockHash: row.hash,
    kind: row.kind === 'self' ? 'self' : 'pool',
    blockTime: isoOrNull(row.block_time),
    rewardSats: satsText(row.reward_sats),
    poolFeeSats: satsText(row.pool_fee_sats),
    sharedSats: satsText(row.shared_sats),
    unallocatedSats: satsText(row.unallocated_sats),
    poolWeightSats: satsText(row.pool_weight_sats),
    shares: shares.get(row.hash) ?? [],
  }));
}
