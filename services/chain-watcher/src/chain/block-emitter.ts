import { catalog, type TypedQueue } from '@ppm/queues';
import type { BlockWork } from '../store/block-rows.repo';
import type { BlockRef } from './block-ref';

/** A snapshots job payload: the application number only past the first (ids of first applications unchanged). */
function workPayload(r: BlockWork): { height: number; hash: string; application?: number } {
  return r.application > 1 ? { height: r.height, hash: r.hash, application: r.application } : { height: r.height, hash: r.hash };
}

/** The queues the watcher produces to. */
export interface WatcherQueues {
  readonly blocks: TypedQueue<'chain.blocks'>;
  readonly snapshots: TypedQueue<'snapshots'>;
}

/** Enqueues `chain.blocks/block` for `rows` in order, in one round trip; job ids (from the hash) make it idempotent. */
export async function emitBlocks(q: WatcherQueues, rows: readonly BlockRef[]): Promise<void> {
  if (rows.length === 0) return;
  const spec = catalog['chain.blocks'].block;
  await q.blocks.queue.addBulk(rows.map((r) => {
    const data = spec.schema.parse({ height: r.height, hash: r.hash });
    return { name: 'block', data, opts: { jobId: spec.jobId(data) } };
  }));
}

/**
 * Enqueues `snapshots/reverse` for applied blocks that left the main chain (highest first: undo newest first).
 * The job id carries the application undone, so undoing a second application is not taken for the first.
 */
export async function emitReversals(q: WatcherQueues, rows: readonly BlockWork[]): Promise<void> {
  if (rows.length === 0) return;
  const spec = catalog.snapshots.reverse;
  const ordered = [...rows].sort((a, b) => b.height - a.height);
  await q.snapshots.queue.addBulk(ordered.map((r) => {
    const data = spec.schema.parse(workPayload(r));
    return { name: 'reverse', data, opts: { jobId: spec.jobId(data) } };
  }));
}

/**
 * Enqueues `snapshots/apply` for reversed blocks back on the main chain (lowest first), each for its next
 * application: a new job id (`apply-<hash>-a<n>`), never deduplicated against the first application's job.
 */
export async function emitApplies(q: WatcherQueues, rows: readonly BlockWork[]): Promise<void> {
  if (rows.length === 0) return;
  const spec = catalog.snapshots.apply;
  const ordered = [...rows].sort((a, b) => a.height - b.height);
  await q.snapshots.queue.addBulk(ordered.map((r) => {
    const data = spec.schema.parse(workPayload(r));
    return { name: 'apply', data, opts: { jobId: spec.jobId(data) } };
  }));
}

/**
 * Makes sure a `chain.blocks` job exists for `top` (the highest main-chain `seen` row): the snapshotter drains
 * every seen row at or below a job's height, so one live job heals jobs lost with Redis or failed for good.
 */
export async function nudgeSnapshotter(q: WatcherQueues, top: BlockRef): Promise<'added' | 'retried' | 'present'> {
  const spec = catalog['chain.blocks'].block;
  const data = spec.schema.parse({ height: top.height, hash: top.hash });
  let existing = await q.blocks.queue.getJob(spec.jobId(data));
  // A job whose hash lost its fields (keys deleted under a running queue) can never run: replace it.
  if (existing && existing.name !== 'block') {
    await existing.remove().catch(() => undefined);
    existing = undefined;
  }
  const state = existing ? await existing.getState() : 'unknown';
  if (existing && state === 'failed') {
    await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return 'retried';
  }
  if (existing && state !== 'completed' && state !== 'unknown') return 'present';
  if (existing) await existing.remove().catch(() => undefined);
  await q.blocks.add('block', data);
  return 'added';
}
