import type { Db, Queryable } from '@ppm/ledger';
import { catalog } from '@ppm/queues';
import type { Logger } from '@ppm/runtime';
import type { WatcherQueues } from '../chain/block-emitter';
import { highestSeenRow } from '../store/block-rows.repo';
import { clearStall, raiseStall, readProgress, writeProgress } from '../store/follow-state.repo';
import { judgeStall, type StallThresholds, type StallVerdict, type WaitingBlock, type WaitingJob } from './stall-rules';

/** Dependencies of {@link checkStall}. */
export interface StallContext {
  readonly db: Db;
  readonly queues: WatcherQueues;
  readonly log: Logger;
  readonly thresholds: StallThresholds;
  /** When this watcher started: a wait recorded by an earlier process counts from here (a restart may fix it). */
  readonly startedAtMs: number;
}

/** The block the pipeline waits on: an applied block off the main chain (reversals go first), else the lowest unapplied one. */
async function waitingBlock(db: Queryable): Promise<WaitingBlock | null> {
  const r = await db.query<{ height: number; hash: string; status: WaitingBlock['status']; on_main_chain: boolean; application: number }>(
    `(SELECT height, hash, status, on_main_chain, application FROM blocks WHERE NOT on_main_chain AND status = 'applied' ORDER BY height DESC LIMIT 1)
     UNION ALL
     (SELECT height, hash, status, on_main_chain, application FROM blocks WHERE on_main_chain AND status <> 'applied' ORDER BY height LIMIT 1)`,
  );
  const row = r.rows[0];
  if (!row) return null;
  return { height: row.height, hash: row.hash, status: row.status, onMainChain: row.on_main_chain, application: Number(row.application) };
}

/** The job that should move `b` along (the snapshotter drains `seen` rows through the highest one's job). */
async function jobFor(ctx: StallContext, b: WaitingBlock): Promise<WaitingJob | undefined> {
  let id: string;
  let queue;
  if (!b.onMainChain) {
    id = catalog.snapshots.reverse.jobId({ hash: b.hash, application: Math.max(1, b.application) });
    queue = ctx.queues.snapshots.queue;
  } else if (b.status === 'seen') {
    const top = await highestSeenRow(ctx.db);
    id = catalog['chain.blocks'].block.jobId({ hash: (top ?? b).hash });
    queue = ctx.queues.blocks.queue;
  } else {
    id = catalog.snapshots.apply.jobId({ hash: b.hash, application: b.application + 1 });
    queue = ctx.queues.snapshots.queue;
  }
  const job = await queue.getJob(id);
  if (!job) return undefined;
  return { id, state: await job.getState(), attemptsMade: job.attemptsMade, failedReason: job.failedReason || undefined };
}

/**
 * Watches the applied height: the lowest waiting block and since when it waits (kv), and its job's attempts.
 * A block waiting at least PPM_STALL_AFTER_MIN minutes, or whose job was attempted more than PPM_STALL_RETRIES
 * times, is a stall: one `chain_stall` alert per episode (the block named, with what it waits for); the latch
 * clears when the block moves. Returns the stall, or null.
 */
export async function checkStall(ctx: StallContext, nowMs: number): Promise<StallVerdict | null> {
  const b = await waitingBlock(ctx.db);
  if (!b) {
    await writeProgress(ctx.db, null);
    if (await clearStall(ctx.db)) ctx.log.info('stall cleared: every emitted block is applied');
    return null;
  }
  const mark = await readProgress(ctx.db);
  let since = nowMs;
  if (mark && mark.hash === b.hash) since = Math.max(mark.sinceMs, ctx.startedAtMs);
  else await writeProgress(ctx.db, { height: b.height, hash: b.hash, sinceMs: nowMs });
  const verdict = judgeStall(b, await jobFor(ctx, b), since, nowMs, ctx.thresholds);
  if (!verdict) {
    if (await clearStall(ctx.db)) ctx.log.info({ height: b.height }, 'stall cleared: the pipeline moves again');
    return null;
  }
  if (await raiseStall(ctx.db, verdict, since, nowMs)) ctx.log.error({ height: b.height, hash: b.hash, waitsFor: verdict.waitsFor }, verdict.message);
  return verdict;
}
