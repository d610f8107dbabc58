import type { Db } from '@ppm/ledger';
import { catalog, type TypedQueue } from '@ppm/queues';
import { pendingApplies, pendingReversals, type BlockRef } from '../store/blocks.repo';

/** Work the database says is pending. */
export interface PendingWork {
  /** Applied blocks off the main chain, highest first. */
  readonly reverse: readonly BlockRef[];
  /** Snapshotted main-chain blocks, lowest first. */
  readonly apply: readonly BlockRef[];
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
  readonly added: number;
  /** Jobs that had failed for good (retries exhausted) and were restarted. */
  readonly retried: number;
  /** Jobs already waiting or running. */
  readonly present: number;
}

/**
 * Enqueues the pending work: reversals first (apply refuses to run while one is pending), then applies in
 * height order. Job ids come from block hashes, so a job already queued is left alone; a job that failed for
 * good is retried with fresh attempts (its id would otherwise block the re-enqueue forever).
 */
export async function enqueuePendingWork(queue: TypedQueue<'snapshots'>, work: PendingWork): Promise<EnqueueResult> {
  let added = 0;
  let retried = 0;
  let present = 0;
  const items = [
    ...work.reverse.map((b) => ({ job: 'reverse' as const, b })),
    ...work.apply.map((b) => ({ job: 'apply' as const, b })),
  ];
  for (const { job, b } of items) {
    const payload = { height: b.height, hash: b.hash };
    const existing = await queue.queue.getJob(catalog.snapshots[job].jobId(payload));
    const state = existing ? await existing.getState() : 'unknown';
    if (existing && state === 'failed') {
      await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      retried++;
    } else if (existing && state !== 'completed' && state !== 'unknown') {
      present++;
    } else {
      // Gone, or kept as completed although the database still needs it: start afresh.
      if (existing) await existing.remove().catch(() => undefined);
      await queue.add(job, payload);
      added++;
    }
  }
  return { added, retried, present };
}
