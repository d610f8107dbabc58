import type { Command } from 'commander';
import { Queue } from 'bullmq';
import { loadConfig } from '@ppm/config';
import { nodeBehindMessage, readChainFollowState, reorgGateMessage, type Db } from '@ppm/ledger';
import { latchConfigFaults, type QtumRpcClient } from '@ppm/qtum-rpc';
import { checkNode } from '../node-check';
import { CliError, printJson, say } from '../output';
import { pipelineEnv, startPipeline } from '../pipeline';
import { createProgress } from '../progress';
import type { ContextFactory } from './index';
import { heightArg } from './parse-args';

const POLL_MS = 300;

/** Lowest and highest main-chain heights, and the highest height below which every block is applied. */
async function appliedThrough(db: Db): Promise<{ first: number | null; applied: number | null }> {
  const r = await db.query<{ first: number | null; pending: number | null; last: number | null }>(
    `SELECT min(height) AS first,
            min(height) FILTER (WHERE status <> 'applied') AS pending,
            max(height) FILTER (WHERE status = 'applied') AS last
       FROM blocks WHERE on_main_chain`,
  );
  const row = r.rows[0];
  if (!row || row.first === null) return { first: null, applied: null };
  return { first: Number(row.first), applied: row.pending === null ? (row.last === null ? null : Number(row.last)) : Number(row.pending) - 1 };
}

/** Height of the ledger's cursor (highest main-chain block), or null. */
async function cursorHeight(db: Db): Promise<number | null> {
  const r = await db.query<{ h: number | null }>('SELECT max(height) AS h FROM blocks WHERE on_main_chain');
  const h = r.rows[0]?.h;
  return h === null || h === undefined ? null : Number(h);
}

/**
 * Waits while the node is behind the ledger (below its cursor, or in initial block download: a reindex or a
 * catch-up), polling every 2 s, for at most `maxMs`; then returns the node's tip. Throws a CliError with the
 * operator line when the node is still behind after `maxMs`.
 */
async function waitForNode(rpc: QtumRpcClient, db: Db, maxMs: number, log: { info(o: object, m: string): void }): Promise<number> {
  const until = Date.now() + maxMs;
  let said = false;
  for (;;) {
    const info = await rpc.getblockchaininfo();
    const cursor = await cursorHeight(db);
    if (!info.initialblockdownload && (cursor === null || info.blocks >= cursor)) return info.blocks;
    const message = nodeBehindMessage(Math.max(0, (cursor ?? info.blocks) - info.blocks));
    if (Date.now() > until) throw new CliError(`sync stopped: ${message} for more than ${Math.round(maxMs / 60_000)} min (PPM_STALL_AFTER_MIN); nothing was reversed`);
    if (!said) log.info({ nodeHeight: info.blocks, ledgerHeight: cursor, initialBlockDownload: info.initialblockdownload }, `${message}: waiting`);
    said = true;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/**
 * `ppm sync [--to-height N] [--json]`: runs chain-watcher, snapshotter and accrual in this process, through the
 * same BullMQ queues, until every main-chain block up to N is applied, then exits 0. N defaults to the tip minus the
 * confirmations at start. A job that fails for good stops the sync with its error; so do a stall (a block
 * waiting longer than PPM_STALL_AFTER_MIN or retried more than PPM_STALL_RETRIES times: the message says which
 * block waits for what), a deep reorg held for `ppm reorg accept`, and qtumd refusing a call for good (401 credentials,
 * 403 rpcwhitelist: the message names the method and the qtum.conf line). A node behind the ledger (reindexing,
 * catching up) is waited for, up to PPM_STALL_AFTER_MIN. Progress and logs go to stderr (a bar with readable log
 * lines above it on a terminal, JSON lines otherwise); stdout gets the result.
 */
export function registerSync(program: Command, ctx: ContextFactory): void {
  program
    .command('sync')
    .description('apply every confirmed block up to a height, then exit (chain-watcher + snapshotter + accrual in one process)')
    .option('--to-height <height>', 'last height to apply (default: the tip minus PPM_CONFIRMATIONS at start)', heightArg)
    .option('--json', 'print the result as JSON on stdout')
    .action(async (opts: { toHeight?: number; json?: boolean }) => {
      const c = ctx(true);
      const config = loadConfig(pipelineEnv, c.env);
      // A 401 or a call refused by rpcwhitelist (403) inside the pipeline is logged and retried there (the watcher's
      // poll, the queue's heal): the latch lets this loop stop with the node's refusal instead of waiting forever.
      const { client: rpc, fault } = latchConfigFaults(c.rpc(config));
      await checkNode(rpc, config.QTUM_RPC_URL, config.PPM_STAKER_ADDRESS);
      const db = await c.db();
      const stallMs = config.PPM_STALL_AFTER_MIN * 60_000;
      const tip = await waitForNode(rpc, db, stallMs, c.log);
      const target = opts.toHeight ?? tip - config.PPM_CONFIRMATIONS;
      if (target < 0) throw new CliError(`nothing to sync: the tip is ${tip} and PPM_CONFIRMATIONS is ${config.PPM_CONFIRMATIONS}`);
      const started = Date.now();
      const pipeline = await startPipeline(config, { db, redis: c.redis(), rpc, log: c.log, prefix: config.PPM_QUEUE_PREFIX });
      c.shutdown.add('pipeline', () => pipeline.stop());
      const queues = ['chain.blocks', 'snapshots'].map((name) => new Queue(name, { connection: c.redis(), prefix: config.PPM_QUEUE_PREFIX }));
      c.shutdown.add('sync queues', async () => {
        for (const q of queues) await q.close();
      });
      const progress = createProgress(c.log, { sink: c.logSink });
      let interrupted = false;
      const onSignal = () => {
        interrupted = true;
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let first: number | null = null;
      let behindSince: number | null = null;
      try {
        for (;;) {
          if (interrupted) throw new CliError('interrupted; the ledger is consistent, run `ppm sync` again to continue', 75);
          const refused = fault();
          if (refused) throw new CliError(`sync stopped: ${refused.message}; the ledger is consistent, run \`ppm sync\` again after the fix`);
          // What the in-process chain-watcher judged: a held deep reorg or a stall stops the sync with its
          // message; a node behind is waited for (bounded).
          const follow = await readChainFollowState(db);
          if (follow.reorgGate && follow.reorgGate.acceptedAtMs === undefined) throw new CliError(`sync stopped: ${reorgGateMessage(follow.reorgGate)}`);
          if (follow.stall) throw new CliError(`sync stopped: ${follow.stall.message}`);
          if (follow.nodeBehind) {
            if (behindSince === null) c.log.info({ ...follow.nodeBehind }, `${follow.nodeBehind.message}: waiting`);
            behindSince ??= Date.now();
            if (Date.now() - behindSince > stallMs) throw new CliError(`sync stopped: ${follow.nodeBehind.message} for more than ${config.PPM_STALL_AFTER_MIN} min; nothing was reversed`);
          } else behindSince = null;
          const state = await appliedThrough(db);
          if (first === null && state.first !== null) {
            first = state.first;
            progress.start(Math.max(0, target - first + 1), `sync to ${target}`);
          }
          if (first !== null && state.applied !== null) progress.update(Math.max(0, Math.min(state.applied, target) - first + 1), { appliedHeight: state.applied });
          if (state.applied !== null && state.applied >= target) break;
          if (first !== null && first > target) break;
          for (const q of queues) {
            const failed = await q.getFailed(0, 20);
            const fresh = failed.find((j) => (j.finishedOn ?? 0) >= started && j.attemptsMade >= (j.opts.attempts ?? 1));
            if (fresh) throw new CliError(`sync stopped: ${q.name} job ${fresh.name} ${fresh.id} failed: ${fresh.failedReason}`);
          }
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      } finally {
        if (first !== null) progress.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const state = await appliedThrough(db);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      if (opts.json) return printJson({ synced: true, toHeight: target, tip, firstHeight: state.first, appliedHeight: state.applied, seconds });
      say(`synced: every block up to ${target} applied (applied through ${state.applied ?? '-'}), ${seconds} s`);
    });
}
