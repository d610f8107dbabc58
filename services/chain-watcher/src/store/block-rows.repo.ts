import type { Queryable } from '@ppm/ledger';
import type { BlockRef } from '../chain/block-ref';

/** A block with the number of the application a job makes (apply) or undoes (reverse). */
export interface BlockWork extends BlockRef {
  readonly application: number;
}

/** A row flipped off the main chain, with the status it had (applied rows need a reversal of `application`). */
export interface OrphanedRow extends BlockWork {
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
    `UPDATE blocks SET on_main_chain = false WHERE on_main_chain AND height > $1 RETURNING height, hash, status, application`,
    [forkHeight],
  );
  return r.rows.sort((a, b) => a.height - b.height);
}

/**
 * Inserts the rows of a confirmed run (status `seen`). A block that comes back to the main chain after an
 * orphaning is flipped back: if it was only `snapshotted` it returns to `seen` so its apply job is re-derived
 * (its snapshot, keyed by hash, is the same content); if it had been `reversed` it becomes `snapshotted`
 * again: its stored facts and immutable snapshot are applied again as its next application. Returns those
 * (`returned`, lowest first, with the application to make).
 */
export async function insertRun(tx: Queryable, rows: readonly (BlockRef & { prevHash: string | null })[]): Promise<{ returned: BlockWork[] }> {
  if (rows.length === 0) return { returned: [] };
  const r = await tx.query<{ height: number; hash: string; application: number; returned: boolean }>(
    `INSERT INTO blocks (hash, height, prev_hash)
     SELECT * FROM unnest($1::text[], $2::integer[], $3::text[])
     ON CONFLICT (hash) DO UPDATE SET on_main_chain = true,
       status = CASE WHEN blocks.status = 'snapshotted' THEN 'seen'
                     WHEN blocks.status = 'reversed' THEN 'snapshotted' ELSE blocks.status END
     RETURNING height, hash, application, (status = 'snapshotted' AND application > 0) AS returned`,
    [rows.map((r) => r.hash), rows.map((r) => r.height), rows.map((r) => r.prevHash)],
  );
  const returned = r.rows.filter((x) => x.returned).map((x) => ({ height: x.height, hash: x.hash, application: Number(x.application) + 1 }));
  return { returned: returned.sort((a, b) => a.height - b.height) };
}

/** Main-chain rows still `seen` (their chain.blocks job may be lost with Redis), lowest first. */
export async function seenRows(db: Queryable): Promise<BlockRef[]> {
  const r = await db.query<BlockRef>(`SELECT height, hash FROM blocks WHERE on_main_chain AND status = 'seen' ORDER BY height`);
  return r.rows;
}

/** Applied rows that are off the main chain: each still needs its reversal (crash or race safety net). */
export async function appliedOffChain(db: Queryable): Promise<BlockWork[]> {
  const r = await db.query<BlockWork>(
    `SELECT height, hash, greatest(application, 1) AS application FROM blocks WHERE NOT on_main_chain AND status = 'applied' ORDER BY height DESC`);
  return r.rows.map((x) => ({ ...x, application: Number(x.application) }));
}

/** The highest main-chain `seen` row, or null. */
export async function highestSeenRow(db: Queryable): Promise<BlockRef | null> {
  const r = await db.query<BlockRef>(`SELECT height, hash FROM blocks WHERE on_main_chain AND status = 'seen' ORDER BY height DESC LIMIT 1`);
  return r.rows[0] ?? null;
}
