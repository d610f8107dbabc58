import type { Queryable } from '@ppm/ledger';
import { countOf, intOrNull, isoOrNull, satsText, type DbNumber, type DbTime } from './row-values';

/** The newest main-chain block the watcher has stored. */
export interface LastBlock {
  height: number;
  hash: string;
  status: string;
  kind: string | null;
  blockTime: string | null;
}

/** Pool-wide sums over the ledger, net of reversals; decimal strings of satoshis. */
export interface PoolTotals {
  /** Rewards of applied pool blocks (shared among delegates, less the pool fee). */
  poolRewardSats: string;
  /** Rewards of applied self blocks (pool revenue, not shared). */
  selfRewardSats: string;
  sharedSats: string;
  poolFeeSats: string;
  unallocatedSats: string;
  openingBalanceSats: string;
  paidSats: string;
  inFlightSats: string;
  /** What the pool owes its delegates now: accrued - in flight - paid over all delegates. */
  balanceSats: string;
}

/** The pool at a glance. */
export interface PoolStatus {
  appliedHeight: number | null;
  lastBlock: LastBlock | null;
  /** Height and hash of the latest applied main-chain snapshot, whose weights are the pool's current weight. */
  snapshotHeight: number | null;
  snapshotBlockHash: string | null;
  poolWeightSats: string;
  /** Delegates with weight > 0 in the latest snapshot. */
  delegates: number;
  /** Eligible delegates of the latest snapshot, including those with nothing mature yet. */
  eligibleDelegates: number;
  /** Addresses the ledger has ever credited. */
  knownDelegates: number;
  blocks: { pool: number; self: number; foreign: number; reversed: number };
  totals: PoolTotals;
}

// Entries net of reversals: a reversal counts under the kind of the entry it negates.
const TOTALS_SQL = `
SELECT coalesce(r.kind, e.kind) AS kind, coalesce(sum(e.amount_sats), 0) AS sats
FROM ledger_entries e LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
GROUP BY 1`;

const LATEST_SNAPSHOT_SQL = `
SELECT s.block_hash, s.height, s.pool_weight_sats, s.delegate_count,
  (SELECT count(*) FROM snapshot_weights w WHERE w.block_hash = s.block_hash AND w.weight_sats > 0) AS staking
FROM snapshots s JOIN blocks b ON b.hash = s.block_hash
WHERE b.on_main_chain AND b.status = 'applied'
ORDER BY s.height DESC LIMIT 1`;

const BLOCK_COUNTS_SQL = `
SELECT coalesce(kind, 'unknown') AS kind, count(*) AS n, coalesce(sum(reward_sats), 0) AS reward
FROM blocks WHERE on_main_chain AND status = 'applied' GROUP BY 1`;

/** Reads the pool's status from the ledger (a handful of small aggregate queries). */
export async function getPoolStatus(db: Queryable): Promise<PoolStatus> {
  const applied = await db.query<{ h: DbNumber }>(`SELECT max(height) AS h FROM blocks WHERE on_main_chain AND status = 'applied'`);
  const last = await db.query<{ hash: string; height: DbNumber; status: string; kind: string | null; block_time: DbTime }>(
    'SELECT hash, height, status, kind, block_time FROM blocks WHERE on_main_chain ORDER BY height DESC LIMIT 1');
  const snap = await db.query<{ block_hash: string; height: DbNumber; pool_weight_sats: DbNumber; delegate_count: DbNumber; staking: DbNumber }>(LATEST_SNAPSHOT_SQL);
  const counts = await db.query<{ kind: string; n: DbNumber; reward: DbNumber }>(BLOCK_COUNTS_SQL);
  const reversed = await db.query<{ n: DbNumber }>(`SELECT count(*) AS n FROM blocks WHERE status = 'reversed'`);
  const known = await db.query<{ n: DbNumber }>('SELECT count(*) AS n FROM delegate_balances');
  const totals = await db.query<{ kind: string; sats: DbNumber }>(TOTALS_SQL);

  const byKind = new Map(totals.rows.map((r) => [r.kind, BigInt(satsText(r.sats))]));
  const k = (kind: string) => byKind.get(kind) ?? 0n;
  const paid = k('payout_paid');
  const inFlight = k('payout_reserve') - paid - k('payout_release');
  const accrued = k('delegate_share') + k('opening_balance');
  const blockCount = (kind: string) => counts.rows.find((r) => r.kind === kind);
  const lastRow = last.rows[0];
  const snapRow = snap.rows[0];
  return {
    appliedHeight: intOrNull(applied.rows[0]?.h),
    lastBlock: lastRow
      ? { height: countOf(lastRow.height), hash: lastRow.hash, status: lastRow.status, kind: lastRow.kind, blockTime: isoOrNull(lastRow.block_time) }
      : null,
    snapshotHeight: snapRow ? countOf(snapRow.height) : null,
    snapshotBlockHash: snapRow ? snapRow.block_hash : null,
    poolWeightSats: satsText(snapRow?.pool_weight_sats),
    delegates: countOf(snapRow?.staking),
    eligibleDelegates: countOf(snapRow?.delegate_count),
    knownDelegates: countOf(known.rows[0]?.n),
    blocks: {
      pool: countOf(blockCount('pool')?.n),
      self: countOf(blockCount('self')?.n),
      foreign: countOf(blockCount('foreign')?.n),
      reversed: countOf(reversed.rows[0]?.n),
    },
    totals: {
      poolRewardSats: satsText(blockCount('pool')?.reward),
      selfRewardSats: satsText(blockCount('self')?.reward),
      sharedSats: k('delegate_share').toString(),
      poolFeeSats: k('pool_fee').toString(),
      unallocatedSats: k('unallocated').toString(),
      openingBalanceSats: k('opening_balance').toString(),
      paidSats: paid.toString(),
      inFlightSats: inFlight.toString(),
      balanceSats: (accrued - inFlight - paid).toString(),
    },
  };
}
