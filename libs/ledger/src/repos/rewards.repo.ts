import type { Queryable } from '../db/db';
import { compareAddress } from './balances.repo';

/** One delegate's part of a block (rule 6). */
export interface RewardShare {
  readonly address: string;
  readonly weightSats: bigint;
  /** 0 when the delegate's exact share rounded down to nothing. */
  readonly shareSats: bigint;
}

/**
 * One rewarded block as `ppm rewards --json` shows it. Only blocks that are applied and on the main chain.
 * Pool blocks carry their shares (every delegate with weight > 0 in the snapshot); self blocks are listed too,
 * with fee 0, weight 0 and no shares, because they are rewards of the pool (revenue, rule 2) and hiding them
 * would make the list disagree with the chain. `kind` tells them apart from a pool block with W == 0; it is
 * not part of the JSON shape (see {@link toRewardsJson}).
 */
export interface RewardRow {
  readonly height: number;
  readonly blockHash: string;
  readonly kind: 'pool' | 'self';
  readonly rewardSats: bigint;
  readonly poolFeeSats: bigint;
  readonly poolWeightSats: bigint;
  readonly shares: readonly RewardShare[];
}

/** Height range, both ends inclusive. */
export interface HeightRange {
  from?: number | undefined;
  to?: number | undefined;
}

/** The JSON form of a reward (amounts as decimal strings of satoshis), exactly `ppm rewards --json`. */
export interface RewardJson {
  height: number;
  blockHash: string;
  rewardSats: string;
  poolFeeSats: string;
  poolWeightSats: string;
  shares: { address: string; weightSats: string; shareSats: string }[];
}

const APPLIED_REWARD_BLOCKS = `b.on_main_chain AND b.status = 'applied' AND b.kind IN ('pool', 'self')
  AND ($1::integer IS NULL OR b.height >= $1) AND ($2::integer IS NULL OR b.height <= $2)`;

/** Applied main-chain pool and self blocks in `range`, sorted by height, each with its shares sorted by address. */
export async function getRewards(db: Queryable, range: HeightRange = {}): Promise<RewardRow[]> {
  const params = [range.from ?? null, range.to ?? null];
  const blocks = await db.query<{ hash: string; height: number; kind: 'pool' | 'self'; reward_sats: string | null; pool_weight_sats: string | null; pool_fee_sats: string }>(
    `SELECT b.hash, b.height, b.kind, b.reward_sats, s.pool_weight_sats,
       (SELECT coalesce(sum(e.amount_sats), 0) FROM ledger_entries e WHERE e.block_hash = b.hash AND e.application = greatest(b.application, 1) AND e.kind = 'pool_fee') AS pool_fee_sats
     FROM blocks b LEFT JOIN snapshots s ON s.block_hash = b.hash
     WHERE ${APPLIED_REWARD_BLOCKS}
     ORDER BY b.height`,
    params,
  );
  const shares = await db.query<{ block_hash: string; address: string; weight_sats: string; share_sats: string | null }>(
    `SELECT w.block_hash, w.address, w.weight_sats, e.amount_sats AS share_sats
     FROM blocks b
     JOIN snapshot_weights w ON w.block_hash = b.hash
     LEFT JOIN ledger_entries e ON e.block_hash = w.block_hash AND e.application = greatest(b.application, 1) AND e.kind = 'delegate_share' AND e.address = w.address
     WHERE ${APPLIED_REWARD_BLOCKS} AND b.kind = 'pool' AND w.weight_sats > 0`,
    params,
  );
  const byBlock = new Map<string, RewardShare[]>();
  for (const s of shares.rows) {
    const list = byBlock.get(s.block_hash) ?? [];
    list.push({ address: s.address, weightSats: BigInt(s.weight_sats), shareSats: BigInt(s.share_sats ?? '0') });
    byBlock.set(s.block_hash, list);
  }
  return blocks.rows.map((b) => ({
    height: b.height,
    blockHash: b.hash,
    kind: b.kind,
    rewardSats: BigInt(b.reward_sats ?? '0'),
    poolFeeSats: BigInt(b.pool_fee_sats),
    poolWeightSats: b.kind === 'pool' ? BigInt(b.pool_weight_sats ?? '0') : 0n,
    shares: (byBlock.get(b.hash) ?? []).sort((x, y) => compareAddress(x.address, y.address)),
  }));
}

/** Turns rewards into the JSON of `ppm rewards --json` (bigints as decimal strings, no `kind`). */
export function toRewardsJson(rows: readonly RewardRow[]): RewardJson[] {
  return rows.map((r) => ({
    height: r.height,
    blockHash: r.blockHash,
    rewardSats: r.rewardSats.toString(),
    poolFeeSats: r.poolFeeSats.toString(),
    poolWeightSats: r.poolWeightSats.toString(),
    shares: r.shares.map((s) => ({ address: s.address, weightSats: s.weightSats.toString(), shareSats: s.shareSats.toString() })),
  }));
}

/** One block's share of one delegate. */
export interface DelegateShareRow {
  readonly height: number;
  readonly blockHash: string;
  readonly rewardSats: bigint;
  readonly poolWeightSats: bigint;
  readonly weightSats: bigint;
  readonly shareSats: bigint;
}

/**
 * The per-block shares of `address`: applied main-chain pool blocks where it had weight > 0, newest first.
 * `limit` defaults to 100.
 */
export async function getDelegateShares(db: Queryable, address: string, opts: { limit?: number } = {}): Promise<DelegateShareRow[]> {
  const limit = opts.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const r = await db.query<{ hash: string; height: number; reward_sats: string; pool_weight_sats: string; weight_sats: string; share_sats: string | null }>(
    `SELECT b.hash, b.height, s.reward_sats, s.pool_weight_sats, w.weight_sats, e.amount_sats AS share_sats
     FROM snapshot_weights w
     JOIN blocks b ON b.hash = w.block_hash
     JOIN snapshots s ON s.block_hash = w.block_hash
     LEFT JOIN ledger_entries e ON e.block_hash = w.block_hash AND e.application = greatest(b.application, 1) AND e.kind = 'delegate_share' AND e.address = w.address
     WHERE w.address = $1 AND w.weight_sats > 0 AND b.on_main_chain AND b.status = 'applied' AND b.kind = 'pool'
     ORDER BY b.height DESC
     LIMIT $2`,
    [address, limit],
  );
  return r.rows.map((x) => ({
    height: x.height,
    blockHash: x.hash,
    rewardSats: BigInt(x.reward_sats),
    poolWeightSats: BigInt(x.pool_weight_sats),
    weightSats: BigInt(x.weight_sats),
    shareSats: BigInt(x.share_sats ?? '0'),
  }));
}
