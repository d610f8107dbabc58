import { loadConfig } from '@ppm/config';
import { migrate, openDb } from '@ppm/ledger';
import { openRedis } from '@ppm/queues';
import {
  ConfigError, EXIT_OK, EXIT_PERMANENT, EXIT_RETRYABLE, PermanentError, createLogger, createMetricsRegistry,
  createShutdown, startOpsServer,
} from '@ppm/runtime';
import { createAccrualApp } from './app';
import { accrualEnv } from './config';

/** The accrual process: config, logger, database, Redis, the app, the ops server, signals and exit codes. */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig(accrualEnv);
  } catch (err) {
    createLogger({ name: 'accrual' }).fatal({ problems: err instanceof ConfigError ? err.problems : undefined, err }, 'invalid configuration');
    return EXIT_PERMANENT;
  }
  const log = createLogger({ name: 'accrual', level: config.PPM_LOG_LEVEL });
  const shutdown = createShutdown(log);
  const stopped = new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { log.info({ signal: sig }, 'stopping'); resolve(); });
  });
  try {
    const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.PPM_DATA_DIR });
    shutdown.add('db', () => db.close());
    await migrate(db);
    const redis = openRedis(config.REDIS_URL);
    shutdown.add('redis', async () => { await redis.quit(); });
    const app = createAccrualApp(config, { db, redis, log, prefix: config.PPM_QUEUE_PREFIX });
    await app.start();
    shutdown.add('accrual', () => app.stop());
    const [host, port] = config.PPM_OPS_LISTEN.split(':');
    const ops = await startOpsServer({
      host: host ?? '127.0.0.1', port: Number(port ?? '0'), registry: createMetricsRegistry(),
      ready: async () => (await db.query('SELECT 1')).rowCount === 1 && redis.status === 'ready',
    });
    shutdown.add('ops', () => ops.close());
    log.info({ opsPort: ops.port }, 'ready');
    await stopped;
    await shutdown.run();
    return EXIT_OK;
  } catch (err) {
    log.fatal({ err }, 'accrual failed');
    await shutdown.run();
    // Unclassified start-up failures (database or Redis unreachable) are worth a restart.
    return err instanceof PermanentError ? EXIT_PERMANENT : EXIT_RETRYABLE;
  }
}

void main().then((code) => process.exit(code));
