import type { Queryable } from '@ppm/ledger';
import type { BlockRef } from '../chain/block-ref';

/** A row flipped off the main chain, with the status it had (applied rows need a reversal). */
export interface OrphanedRow extends BlockRef {
  readonly status: 'seen' | 'snapshotted' | 'applied' | 'reversed';
}

/** Advisory lock key of the watcher's writes: a second replica waits instead of interleaving. */
const WATCHER_LOCK = 7_270_050;

/** Takes the watcher's transaction-scoped lock (call first inside a transaction). */
export async function lockWatcher(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [WATCHER_LOCK]);
}

/** The cursor: the highest main-chain row. */
export async function readCursor(db: Queryable): Promise<BlockRef | null> {
  const r = await db.query<BlockRef>(`SELECT height, hash FROM blocks WHERE on_main_chain ORDER BY height DESC LIMIT 1`);
  return r.rows[0] ?? null;
}

/** Main-chain rows at heights <= `atOrBelow`, highest first. */
export async function mainChainRowsDown(db: Queryable, atOrBelow: number, limit: number): Promise<BlockRef[]> {
  const r = await db.query<BlockRef>(
    `SELECT height, hash FROM blocks WHERE on_main_chain AND height <= $1 ORDER BY height DESC LIMIT $2`,
    [atOrBelow, limit],
  );
  return r.rows;
}

/**
 * Flips every main-chain row above `forkHeight` off the main chain; returns them with their status. Row locks
 * make this wait for an accrual transaction applying one of them, so a block applied concurrently is returned
 * as `applied` and gets its reversal.
 */
export async function orphanAbove(tx: Queryable, forkHeight: number): Promise<OrphanedRow[]> {
  const r = await tx.query<OrphanedRow>(
    `UPDATE blocks SET on_main_chain = false WHERE on_main_chain AND height > $1 RETURNING height, hash, status`,
    [forkHeight],
  );
  return r.rows.sort((a, b) => a.height - b.height);
}

/**
 * Inserts the rows of a confirmed run (status `seen`). A block that comes back to the main chain after an
 * orphaning is flipped back; if it was only `snapshotted` it returns to `seen` so its apply job is re-derived
 * (its snapshot, keyed by hash, is the same content).
 */
export async function insertRun(tx: Queryable, rows: readonly (BlockRef & { prevHash: string | null })[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO blocks (hash, height, prev_hash)
     SELECT * FROM unnest($1::text[], $2::integer[], $3::text[])
     ON CONFLICT (hash) DO UPDATE SET on_main_chain = true,
       status = CASE WHEN blocks.status = 'snapshotted' THEN 'seen' ELSE blocks.status END`,
    [rows.map((r) => r.hash), rows.map((r) => r.height), rows.map((r) => r.prevHash)],
  );
}

/** Main-chain rows still `seen` (their chain.blocks job may be lost with Redis), lowest first. */
export async function seenRows(db: Queryable): Promise<BlockRef[]> {
  const r = await db.query<BlockRef>(`SELECT height, hash FROM blocks WHERE on_main_chain AND status = 'seen' ORDER BY height`);
  return r.rows;
}

/** Applied rows that are off the main chain: each still needs its reversal (crash or race safety net). */
export async function appliedOffChain(db: Queryable): Promise<BlockRef[]> {
  const r = await db.query<BlockRef>(`SELECT height, hash FROM blocks WHERE NOT on_main_chain AND status = 'applied' ORDER BY height DESC`);
  return r.rows;
}

/** The highest main-chain `seen` row, or null. */
export async function highestSeenRow(db: Queryable): Promise<BlockRef | null> {
  const r = await db.query<BlockRef>(`SELECT height, hash FROM blocks WHERE on_main_chain AND status = 'seen' ORDER BY height DESC LIMIT 1`);
  return r.rows[0] ?? null;
}
