import type { Db } from '@ppm/ledger';
import type { Logger } from '@ppm/runtime';
import type { WatcherRpc } from '../rpc/watcher-rpc';
import { appliedOffChain, insertRun, lockWatcher, mainChainRowsDown, orphanAbove, readCursor, type OrphanedRow } from '../store/block-rows.repo';
import type { BlockRef } from './block-ref';
import { emitBlocks, emitReversals, type WatcherQueues } from './block-emitter';
import { forkSearchPageSize, highestCommonBlock } from './fork-point';
import { consistentDescendingRead } from './hash-run';
import { confirmedTipOf, planRange } from './range-plan';

/** Heights per step: one getblockhash batch (one HTTP request at the client's 500-call chunks) and one insert. */
export const BLOCKS_PER_STEP = 499;

/** A reorg the watcher handled. */
export interface ReorgEvent {
  /** Highest height still shared with the node's chain (-1 when every stored row was orphaned... from its lowest). */
  readonly forkHeight: number;
  readonly orphaned: readonly OrphanedRow[];
  /** Orphaned rows that had been applied: a reversal was enqueued for each. */
  readonly reversed: number;
}

/** What one step of following did. */
export interface FollowResult {
  readonly tipHeight: number;
  readonly confirmedHeight: number;
  /** Highest main-chain row after the step, or null on an empty ledger. */
  readonly cursorHeight: number | null;
  readonly emitted: number;
  readonly reorg: ReorgEvent | null;
  /** True when nothing confirmed is left to emit (otherwise the caller steps again at once). */
  readonly caughtUp: boolean;
}

/** Dependencies of {@link followStep}. */
export interface FollowContext {
  readonly db: Db;
  readonly rpc: WatcherRpc;
  readonly queues: WatcherQueues;
  readonly log: Logger;
  readonly confirmations: number;
  readonly startHeight: number | undefined;
}

async function findFork(ctx: FollowContext, cursor: BlockRef): Promise<{ fork: BlockRef | null; lowest: number }> {
  let below = cursor.height;
  let lowest = cursor.height;
  for (let page = 0; ; page++) {
    const rows = await mainChainRowsDown(ctx.db, below, forkSearchPageSize(page));
    if (rows.length === 0) return { fork: null, lowest };
    const common = highestCommonBlock(rows, await ctx.rpc.getBlockHashes(rows.map((r) => r.height)));
    if (common) return { fork: common, lowest };
    lowest = rows.at(-1)!.height;
    below = lowest - 1;
  }
}

async function handleReorg(ctx: FollowContext, cursor: BlockRef): Promise<{ reorg: ReorgEvent; next: number }> {
  const { fork, lowest } = await findFork(ctx, cursor);
  // No stored row is on the node's chain: re-emit from the lowest height we ever emitted.
  const forkHeight = fork ? fork.height : lowest - 1;
  const orphaned = await ctx.db.transaction(async (tx) => {
    await lockWatcher(tx);
    return orphanAbove(tx, forkHeight);
  });
  const applied = orphaned.filter((r) => r.status === 'applied');
  await emitReversals(ctx.queues, applied);
  ctx.log.warn({ forkHeight, orphaned: orphaned.length, reversed: applied.length, from: cursor.height }, 'reorg: blocks left the main chain');
  return { reorg: { forkHeight, orphaned, reversed: applied.length }, next: forkHeight + 1 };
}

/**
 * One step of following the chain: detect a reorg at the cursor (walking back to the fork point), then emit the
 * next run of confirmed heights: one descending getblockhash batch plus a re-read of its top (a branch switch
 * mid-read is retried), rows
 * inserted in one transaction, then `chain.blocks` jobs in order. Also re-sends reversals of applied rows that
 * are off the main chain (a crash between the flip and the enqueue).
 */
export async function followStep(ctx: FollowContext): Promise<FollowResult> {
  const tip = await ctx.rpc.getBlockCount();
  const confirmedHeight = confirmedTipOf(tip, ctx.confirmations);
  let cursor = await readCursor(ctx.db);
  let reorg: ReorgEvent | null = null;
  let next: number | null = cursor ? cursor.height + 1 : null;
  if (cursor) {
    const [nodeHash] = await ctx.rpc.getBlockHashes([cursor.height]);
    if (nodeHash !== cursor.hash) {
      const r = await handleReorg(ctx, cursor);
      reorg = r.reorg;
      next = r.next;
      cursor = await readCursor(ctx.db);
    }
  }
  await emitReversals(ctx.queues, await appliedOffChain(ctx.db));
  const range = planRange({ next, tipHeight: tip, confirmations: ctx.confirmations, startHeight: ctx.startHeight, maxBlocks: BLOCKS_PER_STEP });
  const base = { tipHeight: tip, confirmedHeight, reorg };
  if (!range) return { ...base, cursorHeight: cursor?.height ?? null, emitted: 0, caughtUp: true };
  // Read the parent too, so the run links to the stored cursor.
  const linkToCursor = cursor !== null && cursor.height === range.from - 1;
  const heights: number[] = [];
  for (let h = linkToCursor ? range.from - 1 : range.from; h <= range.to; h++) heights.push(h);
  const descending = await ctx.rpc.getBlockHashes([...heights].reverse());
  const [topAgain] = await ctx.rpc.getBlockHashes([range.to]);
  const hashes = consistentDescendingRead(descending, topAgain ?? null);
  if (!hashes || (linkToCursor && hashes[0] !== cursor!.hash)) {
    ctx.log.info({ from: range.from, to: range.to }, 'chain moved while reading hashes; retrying');
    return { ...base, cursorHeight: cursor?.height ?? null, emitted: 0, caughtUp: false };
  }
  const rows = heights.map((height, i) => ({ height, hash: hashes[i]!, prevHash: i > 0 ? hashes[i - 1]! : null }));
  const run = linkToCursor ? rows.slice(1) : rows;
  const stored = await ctx.db.transaction(async (tx) => {
    await lockWatcher(tx);
    // Another replica may have moved the cursor since we read it: then this run is not ours to store.
    const now = await readCursor(tx);
    if ((now?.hash ?? null) !== (cursor?.hash ?? null)) return false;
    await insertRun(tx, run);
    return true;
  });
  if (!stored) return { ...base, cursorHeight: cursor?.height ?? null, emitted: 0, caughtUp: false };
  await emitBlocks(ctx.queues, run);
  return { ...base, cursorHeight: range.to, emitted: run.length, caughtUp: range.to >= confirmedHeight };
}
