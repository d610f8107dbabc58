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

/** Heights, the last block and block counts: they move with every block, and are cheap to read. */
export interface BlockFacts {
  appliedHeight: number | null;
  lastBlock: LastBlock | null;
  blocks: PoolStatus['blocks'];
  poolRewardSats: string;
  selfRewardSats: string;
}

/** A delegate's ledger sums (decimal strings are made at the edge; bigint here). */
export interface LedgerSums {
  accrued: bigint;
  paid: bigint;
  inFlight: bigint;
}

/** What the entries say: pool totals by kind and every delegate's sums. They move only when entries are added. */
export interface EntryFigures {
  totals: Omit<PoolTotals, 'poolRewardSats' | 'selfRewardSats'>;
  balances: ReadonlyMap<string, LedgerSums>;
  /** How many entries the totals were summed over ({@link countEntries} tells whether the ledger still has as many). */
  entryCount: bigint;
}

/** The latest applied main-chain snapshot: the pool's current weights. */
export interface SnapshotFigures {
  blockHash: string;
  height: number;
  poolWeightSats: string;
  eligibleDelegates: number;
  /** Delegates with weight > 0. */
  staking: number;
  /** Weight per eligible address (weight 0 included: eligible with nothing mature). */
  weights: ReadonlyMap<string, string>;
}

// Entries net of reversals: a reversal counts under the kind of the entry it negates.
const TOTALS_SQL = `
SELECT coalesce(r.kind, e.kind) AS kind, coalesce(sum(e.amount_sats), 0) AS sats, count(*) AS n
FROM ledger_entries e LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
GROUP BY 1`;

const BALANCES_SQL = 'SELECT address, accrued_sats, paid_sats, in_flight_sats FROM delegate_balances';

const BLOCK_COUNTS_SQL = `
SELECT coalesce(kind, 'unknown') AS kind, count(*) AS n, coalesce(sum(reward_sats), 0) AS reward
FROM blocks WHERE on_main_chain AND status = 'applied' GROUP BY 1`;

/** Reads the block facts (a few small queries; the counts scan applied blocks once). */
export async function readBlockFacts(db: Queryable): Promise<BlockFacts> {
  const applied = await db.query<{ h: DbNumber }>(`SELECT max(height) AS h FROM blocks WHERE on_main_chain AND status = 'applied'`);
  const last = await db.query<{ hash: string; height: DbNumber; status: string; kind: string | null; block_time: DbTime }>(
    'SELECT hash, height, status, kind, block_time FROM blocks WHERE on_main_chain ORDER BY height DESC LIMIT 1');
  const counts = await db.query<{ kind: string; n: DbNumber; reward: DbNumber }>(BLOCK_COUNTS_SQL);
  const reversed = await db.query<{ n: DbNumber }>(`SELECT count(*) AS n FROM blocks WHERE status = 'reversed'`);
  const blockCount = (kind: string) => counts.rows.find((r) => r.kind === kind);
  const lastRow = last.rows[0];
  return {
    appliedHeight: intOrNull(applied.rows[0]?.h),
    lastBlock: lastRow
      ? { height: countOf(lastRow.height), hash: lastRow.hash, status: lastRow.status, kind: lastRow.kind, blockTime: isoOrNull(lastRow.block_time) }
      : null,
    blocks: {
      pool: countOf(blockCount('pool')?.n),
      self: countOf(blockCount('self')?.n),
      foreign: countOf(blockCount('foreign')?.n),
      reversed: countOf(reversed.rows[0]?.n),
    },
    poolRewardSats: satsText(blockCount('pool')?.reward),
    selfRewardSats: satsText(blockCount('self')?.reward),
  };
}

/** Aggregates every entry once: pool totals by kind and each delegate's accrued, paid and in-flight sums. */
export async function readEntryFigures(db: Queryable): Promise<EntryFigures> {
  const totals = await db.query<{ kind: string; sats: DbNumber; n: DbNumber }>(TOTALS_SQL);
  const rows = await db.query<{ address: string; accrued_sats: DbNumber; paid_sats: DbNumber; in_flight_sats: DbNumber }>(BALANCES_SQL);
  const byKind = new Map(totals.rows.map((r) => [r.kind, BigInt(satsText(r.sats))]));
  const k = (kind: string) => byKind.get(kind) ?? 0n;
  const paid = k('payout_paid');
  const inFlight = k('payout_reserve') - paid - k('payout_release');
  // As the delegate_balances view counts it: pool_fee_share (the pool-fee split) is accrued by its addresses.
  const accrued = k('delegate_share') + k('opening_balance') + k('pool_fee_share');
  const balances = new Map<string, LedgerSums>();
  for (const r of rows.rows) {
    balances.set(r.address, { accrued: BigInt(satsText(r.accrued_sats)), paid: BigInt(satsText(r.paid_sats)), inFlight: BigInt(satsText(r.in_flight_sats)) });
  }
  return {
    totals: {
      sharedSats: k('delegate_share').toString(),
      poolFeeSats: k('pool_fee').toString(),
      unallocatedSats: k('unallocated').toString(),
      openingBalanceSats: k('opening_balance').toString(),
      paidSats: paid.toString(),
      inFlightSats: inFlight.toString(),
      balanceSats: (accrued - inFlight - paid).toString(),
    },
    balances,
    entryCount: totals.rows.reduce((t, r) => t + BigInt(countOf(r.n)), 0n),
  };
}

/**
 * How many ledger entries are visible now (an index-only count: tens of milliseconds at a million entries, against
 * seconds for the sums). Entries are append-only, so an unchanged count under an unchanged highest id means the
 * sums have not changed either.
 */
export async function countEntries(db: Queryable): Promise<bigint> {
  const r = await db.query<{ n: DbNumber }>('SELECT count(*) AS n FROM ledger_entries');
  return BigInt(countOf(r.rows[0]?.n ?? 0));
}

/** Reads one snapshot and its weights (by primary key). Undefined when the snapshot is gone. */
export async function readSnapshotFigures(db: Queryable, blockHash: string): Promise<SnapshotFigures | undefined> {
  const s = await db.query<{ height: DbNumber; pool_weight_sats: DbNumber; delegate_count: DbNumber }>(
    'SELECT height, pool_weight_sats, delegate_count FROM snapshots WHERE block_hash = $1', [blockHash]);
  const row = s.rows[0];
  if (!row) return undefined;
  const w = await db.query<{ address: string; weight_sats: DbNumber }>('SELECT address, weight_sats FROM snapshot_weights WHERE block_hash = $1', [blockHash]);
  const weights = new Map(w.rows.map((r) => [r.address, satsText(r.weight_sats)]));
  let staking = 0;
  for (const weight of weights.values()) if (weight !== '0') staking += 1;
  return {
    blockHash,
    height: countOf(row.height),
    poolWeightSats: satsText(row.pool_weight_sats),
    eligibleDelegates: countOf(row.delegate_count),
    staking,
    weights,
  };
}

/** The status as the routes show it, from the three parts. */
export function composePoolStatus(blocks: BlockFacts, entries: EntryFigures, snapshot: SnapshotFigures | undefined): PoolStatus {
  return {
    appliedHeight: blocks.appliedHeight,
    lastBlock: blocks.lastBlock,
    snapshotHeight: snapshot ? snapshot.height : null,
    snapshotBlockHash: snapshot ? snapshot.blockHash : null,
    poolWeightSats: snapshot ? snapshot.poolWeightSats : '0',
    delegates: snapshot ? snapshot.staking : 0,
    eligibleDelegates: snapshot ? snapshot.eligibleDelegates : 0,
    knownDelegates: entries.balances.size,
    blocks: blocks.blocks,
    totals: { poolRewardSats: blocks.poolRewardSats, selfRewardSats: blocks.selfRewardSats, ...entries.totals },
  };
}
