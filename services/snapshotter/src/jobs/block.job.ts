import type { Db } from '@ppm/ledger';
import type { TypedQueue } from '@ppm/queues';
import { PermanentError } from '@ppm/runtime';
import { commitBlocks, pendingBlocks, type BlockResult } from '../store/snapshot.repo';
import { enqueueApply } from './apply-enqueuer';
import { snapshotBlock, type SnapshotContext } from './snapshot-block';

/** Blocks classified per getblock batch and committed per transaction during catch-up. */
export const BLOCKS_PER_CHUNK = 100;

/** The block job's dependencies. */
export interface BlockJobContext extends SnapshotContext {
  readonly db: Db;
  readonly applyQueue: TypedQueue<'snapshots'>;
}

/**
 * Handles `chain.blocks/block {height}`: snapshots EVERY main-chain block still `seen` at heights <= height, in
 * height order, in chunks (one getblock batch and one transaction each), then enqueues their apply jobs in order.
 * Draining instead of handling only the named block keeps strict order even when a job is retried late or
 * lost with Redis, and makes a duplicate delivery a no-op. Returns the number of blocks snapshotted.
 */
export async function drainThrough(ctx: BlockJobContext, height: number): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await pendingBlocks(ctx.db, height, BLOCKS_PER_CHUNK);
    if (rows.length === 0) return total;
    const blocks = await ctx.rpc.getBlocksV3(rows.map((r) => r.hash));
    const results: BlockResult[] = [];
    let orphanSeen = false;
    for (const [i, block] of blocks.entries()) {
      const row = rows[i]!;
      if (block.hash !== row.hash || block.height !== row.height) {
        throw new PermanentError(`node returned block ${block.height} ${block.hash} for ${row.height} ${row.hash}`);
      }
      // Off the main chain on the node: the chain-watcher will flip the row and emit the new branch.
      if (block.confirmations < 0) {
        ctx.log.info({ height: row.height, hash: row.hash }, 'block left the main chain; waiting for the chain-watcher');
        orphanSeen = true;
        break;
      }
      results.push(await snapshotBlock(ctx, block));
    }
    const committed = await commitBlocks(ctx.db, results);
    await enqueueApply(ctx.applyQueue, committed);
    total += committed.length;
    if (committed.length > 0) ctx.log.debug({ from: committed[0]!.height, to: committed.at(-1)!.height }, 'blocks snapshotted');
    if (orphanSeen || committed.length === 0) return total;
  }
}
