import type { Db } from '@ppm/ledger';
import type { TypedQueue } from '@ppm/queues';
import { PermanentError } from '@ppm/runtime';
import { commitBlocks, nextSnapshotHeight, pendingBlocks, type BlockResult } from '../store/snapshot.repo';
import { enqueueApply } from './apply-enqueuer';
import { classifyOne, snapshotRun, warmCoins, type ClassifiedBlock, type SnapshotContext } from './snapshot-block';

/** Blocks per getblock batch while classifying, and per transaction when committing. */
export const BLOCKS_PER_CHUNK = 100;
/**
 * Pending blocks taken as one run: their pool blocks share ONE read of the delegates' coins, deltas and spends
 * (from the lowest pool block to the tip). Only the classified rows (a few fields each) and the sweep's compact
 * coins are held meanwhile; snapshots are built and committed 100 blocks at a time.
 */
export const BLOCKS_PER_RUN = 50_000;

/** The block job's dependencies. */
export interface BlockJobContext extends SnapshotContext {
  readonly db: Db;
  readonly applyQueue: TypedQueue<'snapshots'>;
}

/**
 * Handles `chain.blocks/block {height}`: snapshots EVERY main-chain block still `seen` at heights <= height, in
 * height order, then enqueues their apply jobs in order. Per run of up to {@link BLOCKS_PER_RUN} pending rows:
 * classify them (getblock batches of {@link BLOCKS_PER_CHUNK}), read the coins of the run's pool blocks once
 * ({@link snapshotRun}), then commit in chunks (one transaction each). Draining instead of handling only the
 * named block keeps strict order even when a job is retried late or lost with Redis, and makes a duplicate
 * delivery a no-op. Afterwards an empty coin cache is filled ({@link warmCoins}). Returns the number of blocks
 * snapshotted.
 */
export async function drainThrough(ctx: BlockJobContext, height: number): Promise<number> {
  const total = await drainRuns(ctx, height);
  // An optimisation only: a failure is logged and the next pool-block run reads its coins in full.
  await warmCoins(ctx, await nextSnapshotHeight(ctx.db)).catch((err: unknown) => ctx.log.warn({ err }, 'caching delegate coins failed; the next pool block reads them in full'));
  return total;
}

async function drainRuns(ctx: BlockJobContext, height: number): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await pendingBlocks(ctx.db, height, BLOCKS_PER_RUN);
    if (rows.length === 0) return total;
    const { classified, orphanSeen } = await classifyRows(ctx, rows);
    let committedHere = 0;
    let chunk: BlockResult[] = [];
    const flush = async () => {
      const committed = await commitBlocks(ctx.db, chunk);
      chunk = [];
      await enqueueApply(ctx.applyQueue, committed);
      committedHere += committed.length;
      if (committed.length > 0) ctx.log.debug({ from: committed[0]!.height, to: committed.at(-1)!.height }, 'blocks snapshotted');
    };
    for await (const r of snapshotRun(ctx, classified)) {
      chunk.push(r);
      if (chunk.length >= BLOCKS_PER_CHUNK) await flush();
    }
    if (chunk.length > 0) await flush();
    total += committedHere;
    if (orphanSeen || committedHere === 0) return total;
  }
}

/**
 * Classifies `rows` in getblock batches, stopping before the first block the node reports off the main chain.
 * The next batch is requested while this one is checked and classified (one batch ahead), so the node builds
 * replies while we parse them instead of both taking turns; a prefetched batch that is not used is dropped.
 */
async function classifyRows(ctx: BlockJobContext, rows: readonly { hash: string; height: number }[]): Promise<{ classified: ClassifiedBlock[]; orphanSeen: boolean }> {
  const classified: ClassifiedBlock[] = [];
  const fetch = (i: number) => ctx.rpc.getBlocksV3(rows.slice(i, i + BLOCKS_PER_CHUNK).map((r) => r.hash));
  let ahead = rows.length > 0 ? fetch(0) : undefined;
  try {
    for (let i = 0; i < rows.length; i += BLOCKS_PER_CHUNK) {
      const blocks = await ahead!;
      ahead = i + BLOCKS_PER_CHUNK < rows.length ? fetch(i + BLOCKS_PER_CHUNK) : undefined;
      for (const [k, block] of blocks.entries()) {
        const row = rows[i + k]!;
        if (block.hash !== row.hash || block.height !== row.height) {
          throw new PermanentError(`node returned block ${block.height} ${block.hash} for ${row.height} ${row.hash}`);
        }
        // Off the main chain on the node: the chain-watcher will flip the row and emit the new branch.
        if (block.confirmations < 0) {
          ctx.log.info({ height: row.height, hash: row.hash }, 'block left the main chain; waiting for the chain-watcher');
          return { classified, orphanSeen: true };
        }
        classified.push(classifyOne(ctx.config, block));
      }
    }
    return { classified, orphanSeen: false };
  } finally {
    // A batch requested ahead and not awaited: its failure (if any) must not surface as an unhandled rejection.
    ahead?.catch(() => undefined);
  }
}
