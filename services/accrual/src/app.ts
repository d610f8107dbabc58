import type { Db } from '@ppm/ledger';
import { createQueue, createWorker, type TypedQueue } from '@ppm/queues';
import type { RulesHolder } from '@ppm/rules';
import type { Logger } from '@ppm/runtime';
import type { AccrualAppConfig } from './config';
import { applyBlock } from './jobs/apply.job';
import { createAccrualRules, type AccrualRules } from './rules/accrual-rules';
import { promoteNext } from './jobs/promote-next';
import { derivePendingWork, enqueuePendingWork, type EnqueueResult } from './jobs/recover';
import { reverseBlock } from './jobs/reverse.job';

// Types of the queue lib's own dependencies, taken through it (this package does not depend on ioredis/bullmq).
type Redis = Parameters<typeof createQueue>[1];
type Worker = ReturnType<typeof createWorker>;

/** What the accrual app is wired with. The caller owns (opens and closes) the database and Redis. */
export interface AccrualDeps {
  db: Db;
  redis: Redis;
  log: Logger;
  /** BullMQ key prefix (PPM_QUEUE_PREFIX). */
  prefix: string;
  /** The rules file already loaded (else loaded from config.PPM_RULES_FILE here). */
  rulesHolder?: RulesHolder;
}

/** The running accrual service. */
export interface AccrualApp {
  /** Re-derives pending work from the database, enqueues it, then starts the worker and the periodic recovery. */
  start(): Promise<void>;
  /** Stops the periodic recovery and the worker (waits for the job in flight), then the producer. */
  stop(): Promise<void>;
  /** One recovery pass now (also run at start and every PPM_ACCRUAL_RECOVER_INTERVAL_MS). */
  recover(): Promise<EnqueueResult>;
  /** The delegate rules in effect, and their reload (SIGHUP). */
  readonly rules: AccrualRules;
}

/**
 * Wires the accrual service: a worker on queue `snapshots` (concurrency 1: blocks go in height order) whose
 * `apply` and `reverse` handlers are {@link applyBlock} and {@link reverseBlock}, plus recovery from the
 * database so that a wiped Redis loses nothing. The rules file (PPM_RULES_FILE) is read here: a bad one throws
 * ConfigError listing every problem, so the service does not start.
 */
export function createAccrualApp(config: AccrualAppConfig, deps: AccrualDeps): AccrualApp {
  const { db, redis, prefix } = deps;
  const log = deps.log.child({ service: 'accrual' });
  const rules = createAccrualRules(config, db, log, deps.rulesHolder);
  let queue: TypedQueue<'snapshots'> | undefined;
  let worker: Worker | undefined;
  let timer: NodeJS.Timeout | undefined;
  let recovering: Promise<EnqueueResult> | undefined;

  const recover = (): Promise<EnqueueResult> => {
    // One pass at a time: a slow database must not stack passes.
    recovering ??= (async () => {
      try {
        if (!queue) throw new Error('accrual app not started');
        const work = await derivePendingWork(db);
        const r = await enqueuePendingWork(queue, work);
        await next();
        const fields = { ...r, reverse: work.reverse.length, apply: work.apply.length };
        if (r.repaired > 0) log.warn(fields, 'pending work re-enqueued; broken jobs (Redis keys deleted half-way) replaced');
        else if (r.added + r.retried > 0) log.info(fields, 'pending work re-enqueued');
        return r;
      } finally {
        recovering = undefined;
      }
    })();
    return recovering;
  };

  // The next pending block, out of its back-off now that the one below it is done (jobs/promote-next.ts).
  const next = async (): Promise<void> => {
    if (!queue) return;
    await promoteNext(db, queue).catch((err: unknown) => log.warn({ err }, 'could not promote the next pending block (the recovery pass will enqueue it)'));
  };

  return {
    recover,
    rules,
    async start() {
      queue = createQueue('snapshots', redis, prefix);
      await recover();
      worker = createWorker('snapshots', redis, {
        apply: async (p) => {
          const started = Date.now();
          const r = await applyBlock(db, p.hash, { poolFeeBps: config.PPM_POOL_FEE_BPS, rules: rules.current() });
          log.info({ height: r.height, hash: p.hash, application: r.application, kind: r.kind, outcome: r.outcome, entries: r.entries, ms: Date.now() - started }, 'apply');
          await next();
          return r.outcome;
        },
        reverse: async (p) => {
          const started = Date.now();
          const r = await reverseBlock(db, p.hash);
          const fields = { height: r.height, hash: p.hash, application: r.application, outcome: r.outcome, entries: r.entries, reversedSats: r.reversedSats.toString(), ms: Date.now() - started };
          if (r.outcome === 'on-main-chain') log.warn(fields, 'reverse skipped: the block is (again) on the main chain');
          else log.info(fields, 'reverse');
          await next();
          return r.outcome;
        },
      }, { prefix, concurrency: 1, log });
      const every = config.PPM_ACCRUAL_RECOVER_INTERVAL_MS ?? 60_000;
      timer = setInterval(() => {
        recover().catch((err: unknown) => log.warn({ err }, 'recovery pass failed'));
      }, every);
      timer.unref();
      log.info({ prefix, recoverIntervalMs: every, rulesVersion: rules.current()?.version ?? null }, 'accrual started');
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await recovering?.catch(() => undefined);
      await worker?.close();
      worker = undefined;
      await queue?.close();
      queue = undefined;
    },
  };
}
