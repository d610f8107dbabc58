import type { Db, ReorgGateState } from '@ppm/ledger';
import type { Logger } from '@ppm/runtime';
import type { WatcherRpc } from '../rpc/watcher-rpc';
import { appliedOffChain, insertRun, lockWatcher, mainChainRowsDown, orphanAbove, readCursor, type OrphanedRow } from '../store/block-rows.repo';
import { clearReorgGate, holdReorgGate, readReorgGate } from '../store/follow-state.repo';
import type { BlockRef } from './block-ref';
import { emitApplies, emitBlocks, emitReversals, type WatcherQueues } from './block-emitter';
import { forkSearchPageSize, highestCommonBlock } from './fork-point';
import { consistentDescendingRead } from './hash-run';
import { behind, nodeBehind, type NodeBehind } from './node-position';
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
  /** Set when the node is behind the ledger: the step waited (nothing orphaned, reversed or emitted). */
  readonly behind: NodeBehind | null;
  /** Set when a reorg deeper than the limit waits for `ppm reorg accept`: the step did nothing else. */
  readonly gate: ReorgGateState | null;
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
  /** PPM_MAX_REORG_DEPTH: deeper reorgs wait for the operator (default 100). */
  readonly maxReorgDepth?: number;
  /** Clock of the gate records (tests); default Date.now. */
  readonly now?: () => number;
}

/** Default of PPM_MAX_REORG_DEPTH. */
export const DEFAULT_MAX_REORG_DEPTH = 100;

type ForkSearch = { kind: 'fork'; fork: BlockRef | null; lowest: number } | { kind: 'behind' };

async function findFork(ctx: FollowContext, cursor: BlockRef): Promise<ForkSearch> {
  let below = cursor.height;
  let lowest = cursor.height;
  for (let page = 0; ; page++) {
    const rows = await mainChainRowsDown(ctx.db, below, forkSearchPageSize(page));
    if (rows.length === 0) return { kind: 'fork', fork: null, lowest };
    const nodeHashes = await ctx.rpc.getBlockHashes(rows.map((r) => r.height));
    // -8 at a height we checked against the node's tip: its chain shrank meanwhile (restarted to reindex).
    if (nodeHashes.some((h) => h === null)) return { kind: 'behind' };
    const common = highestCommonBlock(rows, nodeHashes);
    if (common) return { kind: 'fork', fork: common, lowest };
    lowest = rows.at(-1)!.height;
    below = lowest - 1;
  }
}

type ReorgOutcome =
  | { kind: 'done'; reorg: ReorgEvent; next: number }
  | { kind: 'behind' }
  | { kind: 'gated'; gate: ReorgGateState };

async function handleReorg(ctx: FollowContext, cursor: BlockRef, nodeHeight: number): Promise<ReorgOutcome> {
  const search = await findFork(ctx, cursor);
  if (search.kind === 'behind') return search;
  const { fork, lowest } = search;
  // No stored row is on the node's chain: re-emit from the lowest height we ever emitted.
  const forkHeight = fork ? fork.height : lowest - 1;
  const depth = cursor.height - forkHeight;
  const maxDepth = ctx.maxReorgDepth ?? DEFAULT_MAX_REORG_DEPTH;
  if (depth > maxDepth) {
    const forkHash = fork?.hash ?? (forkHeight >= 0 ? ((await ctx.rpc.getBlockHashes([forkHeight]))[0] ?? '') : '');
    const held = await readReorgGate(ctx.db);
    if (!(held?.acceptedAtMs !== undefined && held.forkHash === forkHash)) {
      const gate = await holdReorgGate(ctx.db, {
        forkHeight, forkHash, depth, maxDepth, ledgerTipHeight: cursor.height, ledgerTipHash: cursor.hash, nodeHeight,
      }, (ctx.now ?? Date.now)());
      ctx.log.error({ forkHeight, forkHash, depth, maxDepth }, 'deep reorg: following stopped until `ppm reorg accept <fork hash>`');
      return { kind: 'gated', gate };
    }
    ctx.log.warn({ forkHeight, forkHash, depth }, 'deep reorg accepted by the operator: acting on it');
  }
  const orphaned = await ctx.db.transaction(async (tx) => {
    await lockWatcher(tx);
    const rows = await orphanAbove(tx, forkHeight);
    await clearReorgGate(tx);
    return rows;
  });
  const applied = orphaned.filter((r) => r.status === 'applied');
  await emitReversals(ctx.queues, applied);
  ctx.log.warn({ forkHeight, orphaned: orphaned.length, reversed: applied.length, from: cursor.height }, 'reorg: blocks left the main chain');
  return { kind: 'done', reorg: { forkHeight, orphaned, reversed: applied.length }, next: forkHeight + 1 };
}

/**
 * One step of following the chain. First where the node is: a node whose active chain is below the ledger's
 * cursor, or in initial block download (reindex, catch-up, a lagging or replaced node), is BEHIND: the step
 * waits (nothing is orphaned, reversed or emitted). Otherwise detect a reorg at the cursor: a block leaves the
 * main chain only when the node reports a different hash at a height its active chain has; walk back to the
 * fork point; a reorg deeper than PPM_MAX_REORG_DEPTH is held for the operator (`ppm reorg accept`). Then emit
 * the next run of confirmed heights: one descending getblockhash batch plus a re-read of its top (a branch
 * switch mid-read is retried), rows inserted in one transaction, then `chain.blocks` jobs in order; a reversed
 * block back on the main chain is re-applied from its stored snapshot (`snapshots/apply` for its next
 * application). Also re-sends reversals of applied rows that are off the main chain (a crash between the flip
 * and the enqueue).
 */
export async function followStep(ctx: FollowContext): Promise<FollowResult> {
  const node = await ctx.rpc.getChainState();
  const tip = node.blocks;
  const confirmedHeight = confirmedTipOf(tip, ctx.confirmations);
  let cursor = await readCursor(ctx.db);
  const idle = { tipHeight: tip, confirmedHeight, cursorHeight: cursor?.height ?? null, emitted: 0, reorg: null, caughtUp: true };
  const late = nodeBehind(tip, node.initialBlockDownload, cursor?.height ?? null);
  if (late) return { ...idle, behind: late, gate: null };
  let reorg: ReorgEvent | null = null;
  let next: number | null = cursor ? cursor.height + 1 : null;
  if (cursor) {
    const [nodeHash] = await ctx.rpc.getBlockHashes([cursor.height]);
    if (nodeHash === null || nodeHash === undefined) return { ...idle, behind: behind(tip, cursor.height, node.initialBlockDownload), gate: null };
    if (nodeHash !== cursor.hash) {
      const r = await handleReorg(ctx, cursor, tip);
      if (r.kind === 'behind') return { ...idle, behind: behind(tip, cursor.height, node.initialBlockDownload), gate: null };
      if (r.kind === 'gated') return { ...idle, behind: null, gate: r.gate };
      reorg = r.reorg;
      next = r.next;
      cursor = await readCursor(ctx.db);
    } else if (await readReorgGate(ctx.db)) {
      // The node is back on the ledger's chain: the held reorg did not happen after all.
      await clearReorgGate(ctx.db);
      ctx.log.info({ cursor: cursor.height }, 'deep reorg no longer on the node: following resumes');
    }
  }
  await emitReversals(ctx.queues, await appliedOffChain(ctx.db));
  const range = planRange({ next, tipHeight: tip, confirmations: ctx.confirmations, startHeight: ctx.startHeight, maxBlocks: BLOCKS_PER_STEP });
  const base = { tipHeight: tip, confirmedHeight, reorg, behind: null, gate: null };
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
    if ((now?.hash ?? null) !== (cursor?.hash ?? null)) return null;
    return insertRun(tx, run);
  });
  if (!stored) return { ...base, cursorHeight: cursor?.height ?? null, emitted: 0, caughtUp: false };
  await emitBlocks(ctx.queues, run);
  if (stored.returned.length > 0) {
    ctx.log.warn({ blocks: stored.returned.map((r) => r.height) }, 'reversed blocks are back on the main chain: applying them again');
    await emitApplies(ctx.queues, stored.returned);
  }
  return { ...base, cursorHeight: range.to, emitted: run.length, caughtUp: range.to >= confirmedHeight };
}
