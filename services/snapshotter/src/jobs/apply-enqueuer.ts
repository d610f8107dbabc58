import { catalog, type TypedQueue } from '@ppm/queues';
import type { PendingBlock } from '../store/snapshot.repo';

/** Enqueues `snapshots/apply` for `blocks` in the given (height) order, in one round trip. Ids make it idempotent. */
export async function enqueueApply(queue: TypedQueue<'snapshots'>, blocks: readonly PendingBlock[]): Promise<void> {
  if (blocks.length === 0) return;
  const spec = catalog.snapshots.apply;
  await queue.queue.addBulk(
    blocks.map((b) => {
      const data = spec.schema.parse({ height: b.height, hash: b.hash });
      return { name: 'apply', data, opts: { jobId: spec.jobId(data) } };
    }),
  );
}
