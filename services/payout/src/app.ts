import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '@ppm/ledger';
import { createQueue, createWorker, type TypedQueue } from '@ppm/queues';
import type { Logger } from '@ppm/runtime';
import type { PayoutRpc } from './chain/payout-rpc';
import type { ExecSettings, PayoutContext } from './context';
import { TRACK_INTERVAL_MS } from './config';
import type { CrashHook } from './jobs/crash-point';
import { InjectedCrash } from './jobs/crash-point';
import { executePlan } from './jobs/execute-plan';
import { proposePlan } from './jobs/propose-plan';
import { payoutTick } from './jobs/tick';
import { toSignerPort, type SignerDep, type SignerPort } from './rpc/signer-port';
import type { PayoutRules } from './rules/payout-rules';
import { reloadRules, type RulesSource } from './rules/rules-reload';

/** What the app needs from its config (the loaded PayoutConfig fits). */
export interface PayoutAppConfig extends ExecSettings {
  readonly PPM_PAYOUT_CRON: string;
  readonly PPM_PAYOUT_TZ: string;
}

/** Clients the app uses; the caller opens and closes them. */
export interface PayoutAppDeps {
  db: Db;
  /** ioredis connection for BullMQ (maxRetriesPerRequest: null, see @ppm/queues openRedis). */
  redis: Redis;
  rpc: PayoutRpc;
  signer: SignerDep | SignerPort;
  log: Logger;
  /** BullMQ key prefix. */
  prefix?: string;
  /** Crash injection for tests (see jobs/crash-point.ts). */
  crashAt?: CrashHook;
  /** Tracker/recovery period; default TRACK_INTERVAL_MS. */
  trackIntervalMs?: number;
  /** false: do not register the cron scheduler (tests that drive plans themselves). Default true. */
  schedule?: boolean;
  /** The rules loaded (and every redirect verified) at start; absent: no PPM_RULES_FILE. */
  rules?: PayoutRules;
  /** Where {@link PayoutApp.reloadRules} re-reads the rules (PPM_RULES_FILE). */
  rulesSource?: RulesSource;
}

/** The running payout service. */
export interface PayoutApp {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One recovery + tracking pass now (also what the timer runs). */
  tick(): Promise<void>;
  /**
   * SIGHUP: re-reads PPM_RULES_FILE; a bad file or a refused redirect keeps the current rules and alerts
   * (`rules_reload_failed`). Resolves false then, or when the service has no rules file.
   */
  reloadRules(): Promise<boolean>;
  readonly context: PayoutContext;
}

/** The id of the one cron scheduler: BullMQ keeps one per id, so N replicas fire the plan job once. */
export const SCHEDULER_ID = 'payout-schedule';

/**
 * Wires the payout service: a worker on `payouts` (plan, execute), the cron job scheduler, and a timer that
 * resumes open batches and tracks broadcast ones. `start` runs the first recovery pass before returning.
 */
export function createPayoutApp(config: PayoutAppConfig, deps: PayoutAppDeps): PayoutApp {
  const log = deps.log.child({ service: 'payout' });
  // settings.rules is replaced by a successful reload; jobs read ctx.settings when they start.
  const ctx: { -readonly [K in keyof PayoutContext]: PayoutContext[K] } = {
    db: deps.db, rpc: deps.rpc, signer: toSignerPort(deps.signer), log, settings: { ...config, rules: deps.rules ?? config.rules }, crashAt: deps.crashAt, busy: new Set(),
  };
  const prefix = deps.prefix ?? 'ppm';
  let queue: TypedQueue<'payouts'> | undefined;
  let worker: Worker | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const tick = (): Promise<void> => {
    running ??= payoutTick(ctx).finally(() => { running = undefined; });
    return running;
  };

  const app: PayoutApp = {
    context: ctx,
    tick,
    reloadRules() {
      const src = deps.rulesSource;
      if (!src) {
        log.warn('SIGHUP: no PPM_RULES_FILE, nothing to reload');
        return Promise.resolve(false);
      }
      return reloadRules(src, ctx.settings.rules, (rules) => { ctx.settings = { ...ctx.settings, rules }; });
    },
    async start() {
      try {
        await startParts();
      } catch (err) {
        // Never leave a worker consuming jobs behind a failed start.
        await app.stop();
        throw err;
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await worker?.close();
      await running?.catch(() => undefined);
      await queue?.close();
      log.info('payout service stopped');
    },
  };

  async function startParts(): Promise<void> {
    queue = createQueue('payouts', deps.redis, prefix);
    worker = createWorker('payouts', deps.redis, {
      plan: async () => {
        const p = await proposePlan(deps.db, ctx.settings);
        log.info({ planHash: p.plan.hash, status: p.status, delegates: p.plan.delegatesPaid, totalSats: p.plan.totalSats.toString() }, 'payout planned');
        if (p.status === 'approved' || p.status === 'executing') await queue?.add('execute', { planHash: p.plan.hash });
        return { planHash: p.plan.hash, status: p.status };
      },
      execute: async ({ planHash }) => {
        const batches = await executePlan(ctx, planHash);
        return { planHash, states: batches.map((b) => b.state) };
      },
    }, { prefix, log });
    if (deps.schedule !== false) {
      await queue.queue.upsertJobScheduler(SCHEDULER_ID, { pattern: config.PPM_PAYOUT_CRON, tz: config.PPM_PAYOUT_TZ },
        { name: 'plan', data: { reason: 'schedule' } });
    }
    try {
      await tick();
    } catch (err) {
      if (err instanceof InjectedCrash) throw err;
      log.warn({ err }, 'first recovery pass failed; retrying on the timer');
    }
    const every = deps.trackIntervalMs ?? TRACK_INTERVAL_MS;
    const loop = () => {
      if (stopped) return;
      tick().catch((err: unknown) => log.warn({ err }, 'payout tick failed')).finally(() => {
        if (!stopped) timer = setTimeout(loop, every);
      });
    };
    timer = setTimeout(loop, every);
    log.info({ cron: config.PPM_PAYOUT_CRON, tz: config.PPM_PAYOUT_TZ, approval: config.PPM_PAYOUT_APPROVAL, rulesVersion: ctx.settings.rules?.version ?? null }, 'payout service started');
  }
  return app;
}
