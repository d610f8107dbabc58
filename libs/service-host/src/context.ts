import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { loadConfig, processEnv, queueEnv, storageEnv, type ConfigOf } from '@ppm/config';
import { assertSchemaCurrent, migrate, openDb, type Db } from '@ppm/ledger';
import { createQtumRpcClient, type QtumRpcClient, type RetryOptions } from '@ppm/qtum-rpc';
import { openRedis } from '@ppm/queues';
import { createLogger, createMetricsRegistry, createShutdown, type Logger, type Shutdown } from '@ppm/runtime';
import { registerLedgerMetrics, registerRpcMetrics } from './metrics';

/** The host's own settings: where the ledger, the queues and the ops server are. */
export const hostEnv = { ...storageEnv, ...queueEnv, ...processEnv };
export type HostConfig = ConfigOf<typeof hostEnv>;

/** The qtumd settings a service passes to {@link ServiceContext.rpc}. */
export interface RpcSettings {
  QTUM_RPC_URL: string;
  PPM_RPC_TIMEOUT_MS: number;
  PPM_QTUM_WALLET?: string | undefined;
  PPM_CONFIRMATIONS?: number;
  /** Retry policy of retry-safe calls (default: the client's, 5 attempts); a probe passes one attempt. */
  retry?: RetryOptions;
}

/**
 * What a hosted service gets: the environment, one logger, one metrics registry, one shutdown registry, and
 * shared clients opened on first use (the ledger checked to be at this release's schema; Redis ready for BullMQ; qtumd with metrics).
 * Several services in one process (`ppm run`) share one context, hence one PGlite and one Redis connection.
 */
export interface ServiceContext {
  readonly env: Record<string, string | undefined>;
  readonly config: HostConfig;
  readonly log: Logger;
  readonly registry: Registry;
  readonly shutdown: Shutdown;
  db(): Promise<Db>;
  redis(): Redis;
  rpc(settings: RpcSettings): QtumRpcClient;
  /** Registers the ledger and queue gauges for the clients opened so far (once, after the services started). */
  registerLedgerMetrics(): Promise<void>;
  /** The database if a service opened it (readiness checks it), else undefined. */
  openedDb(): Promise<Db> | undefined;
}

/**
 * Creates a {@link ServiceContext}. Throws a ConfigError listing every problem of the host settings and of every
 * other variable of the contract that is set (a bad PPM_PAYOUT_CRON fails every process at start, not at midnight).
 */
export function createServiceContext(name: string, env: Record<string, string | undefined> = process.env, log?: Logger): ServiceContext {
  const config = loadConfig(hostEnv, env, { allSet: true });
  const logger = log ?? createLogger({ name, level: config.PPM_LOG_LEVEL });
  const shutdown = createShutdown(logger);
  const registry = createMetricsRegistry();
  let db: Promise<Db> | undefined;
  let redis: Redis | undefined;
  const rpcs = new Map<string, QtumRpcClient>();
  const rpcMetrics = registerRpcMetrics(registry);
  let ledgerMetrics = false;
  let confirmations: number | undefined;
  let nodeTip: number | null = null;
  const ctx: ServiceContext = {
    env, config, log: logger, registry, shutdown,
    db() {
      db ??= (async () => {
        const opened = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.PPM_DATA_DIR });
        shutdown.add('database', () => opened.close());
        // Only `ppm migrate` changes the schema; a service refuses an old one (PPM_AUTO_MIGRATE: PGlite, one process).
        if (config.PPM_AUTO_MIGRATE) {
          const m = await migrate(opened);
          if (m.applied.length > 0) logger.info({ applied: m.applied, database: opened.kind }, 'ledger migrated (PPM_AUTO_MIGRATE)');
        } else {
          const state = await assertSchemaCurrent(opened);
          if (state.unknown.length > 0) logger.warn({ unknown: state.unknown }, 'the ledger has migrations newer than this release');
        }
        return opened;
      })();
      return db;
    },
    redis() {
      if (!redis) {
        const conn = openRedis(config.REDIS_URL);
        conn.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
        redis = conn;
        shutdown.add('redis', async () => {
          await conn.quit().catch(() => conn.disconnect());
        });
      }
      return redis;
    },
    rpc(settings) {
      confirmations ??= settings.PPM_CONFIRMATIONS;
      // One client per URL and wallet; a caller with its own retry policy (a short probe) gets its own, so that it
      // never shares the services' patient client.
      const r = settings.retry;
      const key = `${settings.QTUM_RPC_URL}|${settings.PPM_QTUM_WALLET ?? ''}${r ? `|${settings.PPM_RPC_TIMEOUT_MS}|${r.attempts}/${r.baseDelayMs}/${r.maxDelayMs}` : ''}`;
      let client = rpcs.get(key);
      if (!client) {
        client = createQtumRpcClient({
          url: settings.QTUM_RPC_URL,
          timeoutMs: settings.PPM_RPC_TIMEOUT_MS,
          log: logger,
          ...(settings.PPM_QTUM_WALLET ? { wallet: settings.PPM_QTUM_WALLET } : {}),
          ...(r ? { retry: r } : {}),
          onCall: (e) => rpcMetrics.onRpcCall(e),
        });
        const c = client;
        shutdown.add('qtum-rpc', () => c.close());
        rpcs.set(key, client);
      }
      return client;
    },
    async registerLedgerMetrics() {
      if (ledgerMetrics) return;
      ledgerMetrics = true;
      const [first] = rpcs.values();
      registerLedgerMetrics(registry, {
        db: db ? await db : undefined, redis, prefix: config.PPM_QUEUE_PREFIX, confirmations,
        nodeTip: () => {
          if (first) void first.getblockcount().then((t) => { nodeTip = t; }, () => undefined);
          return nodeTip;
        },
      });
    },
    openedDb: () => db,
  };
  return ctx;
}
