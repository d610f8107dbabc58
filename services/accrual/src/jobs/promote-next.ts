import type { Db } from '@ppm/ledger';
import { catalog, type TypedQueue } from '@ppm/queues';
import { derivePendingWork, enqueuePendingWork } from './recover';

/**
 * Strict height order makes the apply job of a block fail while a lower block is still pending, and each failure
 * sends it into BullMQ's exponential back-off (1 s, 2 s ... 256 s). Left alone, a catch-up would then advance at
 * the pace of back-offs expiring, not of the worker. So once a block is done, the next piece of pending work
 * (a reversal first, else the lowest block to apply) is made runnable at once: its job is enqueued if it is
 * missing or broken, and promoted out of its back-off if it is delayed. Returns the job id promoted, if any.
 * Races are harmless: a job that changed state meanwhile (picked up, completed) is simply left alone.
 */
export async function promoteNext(db: Db, queue: TypedQueue<'snapshots'>): Promise<string | undefined> {
  const work = await derivePendingWork(db, 1);
  const reverse = work.reverse[0];
  const next = reverse ? { job: 'reverse' as const, b: reverse } : work.apply[0] ? { job: 'apply' as const, b: work.apply[0] } : undefined;
  if (!next) return undefined;
  await enqueuePendingWork(queue, reverse ? { reverse: [reverse], apply: [] } : { reverse: [], apply: [next.b] });
  const payload = next.b.application > 1 ? { hash: next.b.hash, application: next.b.application } : { hash: next.b.hash };
  const id = catalog.snapshots[next.job].jobId(payload);
  const job = await queue.queue.getJob(id);
  if (!job) return undefined;
  try {
    if (!(await job.isDelayed())) return undefined;
    await job.promote();
    return id;
  } catch {
    // The job left the delayed set between the two calls (a worker took it, or it completed).
    return undefined;
  }
}
