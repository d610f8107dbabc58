import type { Db } from '@ppm/ledger';
import { catalog, type TypedQueue } from '@ppm/queues';
import { pendingApplies, pendingReversals, type BlockWork } from '../store/blocks.repo';

/** Work the database says is pending. */
export interface PendingWork {
  /** Applied blocks off the main chain, highest first, with the application to undo. */
  readonly reverse: readonly BlockWork[];
  /** Snapshotted main-chain blocks (and reversed ones back on it), lowest first, with the application to make. */
  readonly apply: readonly BlockWork[];
}

/**
 * Blocks enqueued per recovery pass and kind. A catch-up can leave 100,000 blocks snapshotted; strict height
 * order means only the lowest can progress, and the next pass (or the snapshotter) enqueues the rest.
 */
export const RECOVER_BATCH_BLOCKS = 1_000;

/** Derives the pending accrual work from the database alone (Redis holds nothing that is not here). */
export async function derivePendingWork(db: Db, limit: number = RECOVER_BATCH_BLOCKS): Promise<PendingWork> {
  return { reverse: await pendingReversals(db, limit), apply: await pendingApplies(db, limit) };
}

/** What {@link enqueuePendingWork} did. */
export interface EnqueueResult {
  /** Jobs that did not exist (or were kept as completed although the block still needs them): added afresh. */
  readonly added: number;
  /** Jobs that had failed for good (retries exhausted, or a permanent error): removed and added afresh. */
  readonly retried: number;
  /**
   * Broken jobs removed and added afresh (Redis keys deleted half-way): a job hash without its name or payload
   * (partly re-created by a worker), a job hash listed in no state, or a job id left in a state list whose hash
   * is gone.
   */
  readonly repaired: number;
  /** Jobs already waiting, delayed or running (a broken job still locked by a worker counts here until the next pass). */
  readonly present: number;
}

type SnapshotJob = 'apply' | 'reverse';
/** States in which a sound job will still run by itself. */
const LIVE_STATES: ReadonlySet<string> = new Set(['waiting', 'delayed', 'prioritized', 'active', 'waiting-children']);
/** Removals per job id and pass: an id pushed twice into a list (once per add after its hash vanished) needs two. */
const MAX_REMOVALS = 5;

/**
 * Removes every trace of job `id` (hash and each state list it is still listed in). False if a worker holds its
 * lock (it is running: the next pass deals with it).
 */
async function removeJob(queue: TypedQueue<'snapshots'>, id: string): Promise<boolean> {
  for (let i = 0; i < MAX_REMOVALS; i++) {
    if ((await queue.queue.remove(id)) === 0) return false;
    if ((await queue.queue.getJobState(id)) === 'unknown') return true;
  }
  return (await queue.queue.getJobState(id)) === 'unknown';
}

/**
 * Enqueues the pending work: reversals first (apply refuses to run while one is pending), then applies in
 * height order. Job ids come from block hashes, so a sound job already queued is left alone. Anything else
 * under the id is removed and the job added afresh: a job that failed for good (fresh attempts; its id would
 * otherwise block the re-enqueue forever), a job kept as completed, and a broken job left by Redis keys
 * deleted half-way (a hash without name or payload fails every run with "unknown job name undefined"; an id
 * still listed without its hash would be listed twice after a plain add). Races are harmless: a job removed
 * just as it completed is re-added and finds its block done; an add that meets a job another producer added
 * meanwhile is a no-op; a job a worker still holds is left to the next pass.
 */
export async function enqueuePendingWork(queue: TypedQueue<'snapshots'>, work: PendingWork): Promise<EnqueueResult> {
  let added = 0;
  let retried = 0;
  let repaired = 0;
  let present = 0;
  const items = [
    ...work.reverse.map((b) => ({ job: 'reverse' as const, b })),
    ...work.apply.map((b) => ({ job: 'apply' as const, b })),
  ];
  for (const { job, b } of items) {
    const payload = b.application > 1 ? { height: b.height, hash: b.hash, application: b.application } : { height: b.height, hash: b.hash };
    const id = catalog.snapshots[job].jobId(payload);
    const existing = await queue.queue.getJob(id);
    const state = await queue.queue.getJobState(id);
    const sound = existing !== undefined && isSound(existing, job, b.hash);
    if (sound && LIVE_STATES.has(state)) {
      present++;
      continue;
    }
    if ((existing !== undefined || state !== 'unknown') && !(await removeJob(queue, id))) {
      present++;
      continue;
    }
    await queue.add(job, payload);
    // Broken: a hash without name or payload, a hash listed in no state, or an id listed without its hash.
    if (existing !== undefined ? !sound || state === 'unknown' : state !== 'unknown') repaired++;
    else if (state === 'failed') retried++;
    else added++;
  }
  return { added, retried, repaired, present };
}

/** A job hash that still carries its name and payload (a half-deleted one has neither). */
function isSound(j: { name?: unknown; data?: unknown }, job: SnapshotJob, hash: string): boolean {
  const data = j.data as { hash?: unknown } | null | undefined;
  return j.name === job && typeof data === 'object' && data !== null && data.hash === hash;
}
