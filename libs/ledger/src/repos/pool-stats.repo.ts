import type { Queryable } from '../db/db';

/** Totals of the whole ledger, net of reversals. */
export interface PoolTotals {
  /** Sum of R over applied main-chain pool blocks. */
  readonly poolRewardSats: bigint;
  /** Sum of R over applied main-chain self blocks (= self_revenue). */
  readonly selfRevenueSats: bigint;
  readonly poolFeeSats: bigint;
  /** Pool-block rewards that found no weight (W == 0). */
  readonly unallocatedSats: bigint;
  /** Delegate side, as in `delegate_balances` (opening balances included). */
  readonly accruedSats: bigint;
  readonly paidSats: bigint;
  readonly inFlightSats: bigint;
  readonly balanceSats: bigint;
}

/** The pool at a glance (status pages, `ppm status`). */
export interface PoolStats {
  /** Highest applied main-chain block, or null on an empty ledger. */
  readonly appliedHeight: number | null;
  /** The latest applied main-chain pool block. */
  readonly lastPoolBlock: { readonly height: number; readonly blockHash: string } | null;
  /** W at the last pool block (0 without one). */
  readonly poolWeightSats: bigint;
  /** Delegates with weight > 0 at the last pool block. */
  readonly delegateCount: number;
  /** Delegates the ledger knows (any entry). */
  readonly knownDelegates: number;
  readonly poolBlocks: number;
  readonly selfBlocks: number;
  readonly totals: PoolTotals;
}

/** Computes {@link PoolStats} from blocks, snapshots and entries. */
export async function getPoolStats(db: Queryable): Promise<PoolStats> {
  const heights = await db.query<{ applied_height: number | null; pool_blocks: string; self_blocks: string; pool_reward_sats: string }>(
    `SELECT max(height) AS applied_height,
       count(*) FILTER (WHERE kind = 'pool') AS pool_blocks,
       count(*) FILTER (WHERE kind = 'self') AS self_blocks,
       coalesce(sum(reward_sats) FILTER (WHERE kind = 'pool'), 0) AS pool_reward_sats
     FROM blocks WHERE on_main_chain AND status = 'applied'`,
  );
  const last = await db.query<{ hash: string; height: number; pool_weight_sats: string; delegates: string }>(
    `SELECT b.hash, b.height, s.pool_weight_sats,
       (SELECT count(*) FROM snapshot_weights w WHERE w.block_hash = b.hash AND w.weight_sats > 0) AS delegates
     FROM blocks b JOIN snapshots s ON s.block_hash = b.hash
     WHERE b.on_main_chain AND b.status = 'applied' AND b.kind = 'pool'
     ORDER BY b.height DESC LIMIT 1`,
  );
  // Pool-level entries (address NULL) by the kind they are or reverse.
  const pool = await db.query<{ kind: string; sats: string }>(
    `SELECT coalesce(r.kind, e.kind) AS kind, sum(e.amount_sats) AS sats
     FROM ledger_entries e LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
     WHERE e.address IS NULL GROUP BY 1`,
  );
  const delegates = await db.query<{ known: string; accrued: string; paid: string; in_flight: string }>(
    `SELECT count(*) AS known, coalesce(sum(accrued_sats), 0) AS accrued, coalesce(sum(paid_sats), 0) AS paid,
       coalesce(sum(in_flight_sats), 0) AS in_flight
     FROM delegate_balances`,
  );
  const poolSum = (kind: string) => BigInt(pool.rows.find((r) => r.kind === kind)?.sats ?? '0');
  const h = heights.rows[0];
  const d = delegates.rows[0];
  const l = last.rows[0];
  const accruedSats = BigInt(d?.accrued ?? '0');
  const paidSats = BigInt(d?.paid ?? '0');
  const inFlightSats = BigInt(d?.in_flight ?? '0');
  return {
    appliedHeight: h?.applied_height ?? null,
    lastPoolBlock: l ? { height: l.height, blockHash: l.hash } : null,
    poolWeightSats: BigInt(l?.pool_weight_sats ?? '0'),
    delegateCount: Number(l?.delegates ?? '0'),
    knownDelegates: Number(d?.known ?? '0'),
    poolBlocks: Number(h?.pool_blocks ?? '0'),
    selfBlocks: Number(h?.self_blocks ?? '0'),
    totals: {
      poolRewardSats: BigInt(h?.pool_reward_sats ?? '0'),
      selfRevenueSats: poolSum('self_revenue'),
      poolFeeSats: poolSum('pool_fee'),
      unallocatedSats: poolSum('unallocated'),
      accruedSats,
      paidSats,
      inFlightSats,
      balanceSats: accruedSats - inFlightSats - paidSats,
    },
  };
}
