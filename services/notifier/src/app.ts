import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Db } from '@ppm/ledger';
import { createQueue, createWorker, type TypedQueue } from '@ppm/queues';
import type { Logger } from '@ppm/runtime';
import { leaseProblem, smtpHost, type NotifierConfig } from './config';
import type { DeliveryContext } from './delivery/delivery-context';
import { deliverDue, deliverMessage } from './delivery/deliver-message';
import { sendDueDigests } from './delivery/digest-sender';
import { createChannels } from './channels';
import { createMailer, noMailer } from './delivery/mailer';
import { createNotifierMetrics } from './delivery/notifier-metrics';
import { createSendSlots } from './delivery/send-slots';
import { relayOnce, requeueUndelivered } from './delivery/outbox-relay';
import { produceDailySummary, previousUtcDay } from './jobs/daily-summary.job';
import { produceHourlyStatus } from './jobs/hourly-status.job';
import type { StatusRpc } from './jobs/node-status';
import { startSchedules, type Schedules } from './jobs/schedules';
import { listDue, listOrphanMessages } from './store/deliveries.repo';
import { releaseStaleDigests } from './store/digests.repo';
import { createTicker, type Ticker } from './delivery/ticker';

/** What the notifier is given; it closes only what it creates (db and redis belong to the caller). */
export interface NotifierDeps {
  readonly db: Db;
  readonly redis: Redis;
  readonly log: Logger;
  /** BullMQ key prefix (PPM_QUEUE_PREFIX). */
  readonly prefix: string;
  readonly registry?: Registry;
  /** The clock (tests cross a DST change with it). Default: the system clock. */
  readonly now?: () => Date;
  /** The node, for the hourly status; without it the hourly status is skipped (logged). */
  readonly rpc?: StatusRpc;
}

/** A running notifier replica. */
export interface NotifierApp {
  start(): Promise<void>;
  /** Stops intake (timers, workers), waits for in-flight sends, closes the SMTP pool. Idempotent. */
  stop(): Promise<void>;
  /** One relay pass now (outbox -> queue); returns rows relayed. */
  relayNow(): Promise<number>;
  /** One sweep now (due retries, stale claims); returns deliveries looked at. */
  sweepNow(): Promise<number>;
  /** One digest check now; returns digests sent. */
  checkDigests(): Promise<number>;
  /** The hourly status and daily summary producers (also run by the job schedulers). */
  produceHourlyStatus(): Promise<string | null>;
  produceDailySummary(): Promise<string | null>;
}

/** Wires one notifier replica: relay, `notify` worker, sweeper, digest and status schedules. */
export function createNotifierApp(config: NotifierConfig, deps: NotifierDeps): NotifierApp {
  const now = deps.now ?? (() => new Date());
  const t = config.tuning;
  const log = deps.log.child({ service: 'notifier' });
  const host = config.smtpUrl ? smtpHost(config.smtpUrl) : '(no SMTP: no mail recipients)';
  const lease = leaseProblem(t);
  if (lease) log.warn(lease);
  const mailer = config.smtpUrl ? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, connections: t.smtpConnections }) : noMailer();
  const ctx: DeliveryContext = {
    db: deps.db, log, mailer, channelOf: createChannels(mailer, config.mailFrom), mailFrom: config.mailFrom, smtpHost: host, recipients: config.recipients,
    owner: `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`, now, tuning: t,
    metrics: createNotifierMetrics(deps.registry), slots: createSendSlots(t.smtpConnections),
  };
  let queue: TypedQueue<'notify'> | undefined;
  let worker: Worker | undefined;
  let schedules: Schedules | undefined;
  let tickers: Ticker[] = [];
  let stopping: Promise<void> | undefined;

  const relayNow = async () => (queue ? relayOnce(deps.db, queue) : 0);
  const wanted = [...new Set(config.recipients.flatMap((r) => r.severities))];
  const sweepNow = async () => {
    await releaseStaleDigests(deps.db, now(), t.leaseMs);
    const due = await listDue(deps.db, now(), t.leaseMs, 200);
    await deliverDue(ctx, due);
    const orphans = await listOrphanMessages(deps.db, wanted, t.leaseMs, 100);
    for (const id of orphans) await deliverMessage(ctx, id);
    return due.length + orphans.length;
  };
  const checkDigests = () => sendDueDigests(ctx);
  const hourly = async () => {
    if (!deps.rpc) {
      log.warn('hourly status skipped: no node client (QTUM_RPC_URL unset)');
      return null;
    }
    const id = await produceHourlyStatus(deps.db, deps.rpc, now());
    await relayNow();
    return id;
  };
  const daily = async () => {
    const id = await produceDailySummary(deps.db, previousUtcDay(now()));
    await relayNow();
    return id;
  };

  return {
    async start() {
      queue = createQueue('notify', deps.redis, deps.prefix);
      // Redis may have been wiped: re-derive the queue from the database before taking new work.
      const relayed = await relayOnce(deps.db, queue);
      const requeued = await requeueUndelivered(deps.db, queue);
      worker = createWorker('notify', deps.redis, { send: (p) => deliverMessage(ctx, p.messageId) }, {
        prefix: deps.prefix, concurrency: t.concurrency, log,
      });
      schedules = await startSchedules(deps.redis, deps.prefix, t, {
        'hourly-status': hourly, 'daily-summary': daily, 'digest-check': checkDigests,
      }, log);
      tickers = [
        createTicker('relay', t.relayIntervalMs, relayNow, log),
        createTicker('sweep', t.sweepIntervalMs, sweepNow, log),
      ];
      log.info({ smtpHost: host, recipients: config.recipients.length, relayed, requeued, owner: ctx.owner }, 'notifier started');
    },
    stop() {
      stopping ??= (async () => {
        await Promise.all(tickers.map((k) => k.stop()));
        await schedules?.close();
        await worker?.close();
        await queue?.close();
        mailer.close();
        log.info('notifier stopped');
      })();
      return stopping;
    },
    relayNow,
    sweepNow,
    checkDigests,
    produceHourlyStatus: hourly,
    produceDailySummary: daily,
  };
}
