import { migrate, openDb } from '@ppm/ledger';
import { openRedis } from '@ppm/queues';
import { createQtumRpcClient } from '@ppm/qtum-rpc';
import {
  ConfigError, EXIT_OK, EXIT_PERMANENT, EXIT_RETRYABLE, createLogger, createMetricsRegistry, createShutdown, isRetryable, startOpsServer,
} from '@ppm/runtime';
import { createNotifierApp } from './app';
import { loadNotifierProcessConfig } from './config';

/** The notifier process: config, clients, app, ops server, signals, exit code. */
async function main(): Promise<number> {
  const cfg = loadNotifierProcessConfig();
  const log = createLogger({ name: 'notifier', level: cfg.env.PPM_LOG_LEVEL });
  const shutdown = createShutdown(log);
  const db = await openDb({ databaseUrl: cfg.env.DATABASE_URL, dataDir: cfg.env.PPM_DATA_DIR });
  shutdown.add('db', () => db.close());
  await migrate(db);
  const redis = openRedis(cfg.env.REDIS_URL);
  shutdown.add('redis', async () => {
    await redis.quit();
  });
  const registry = createMetricsRegistry();
  // The node is read only for the hourly status; without QTUM_RPC_URL that mail is skipped.
  const rpc = cfg.chain
    ? createQtumRpcClient({ url: cfg.chain.QTUM_RPC_URL, ...(cfg.chain.PPM_QTUM_WALLET ? { wallet: cfg.chain.PPM_QTUM_WALLET } : {}), log })
    : undefined;
  if (rpc) shutdown.add('rpc', () => rpc.close());
  const app = createNotifierApp(cfg.notifier, { db, redis, log, prefix: cfg.env.PPM_QUEUE_PREFIX, registry, ...(rpc ? { rpc } : {}) });
  await app.start();
  shutdown.add('notifier', () => app.stop());
  const [host = '127.0.0.1', port = '0'] = cfg.env.PPM_OPS_LISTEN.split(':');
  const ops = await startOpsServer({ host, port: Number(port), registry });
  shutdown.add('ops', () => ops.close());
  log.info({ opsPort: ops.port }, 'ops server listening');
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await shutdown.run();
  return EXIT_OK;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Before the logger exists (bad config) stderr is the only channel.
    process.stderr.write(`${err instanceof ConfigError ? err.message : String((err as Error)?.stack ?? err)}\n`);
    process.exit(err instanceof ConfigError ? EXIT_PERMANENT : isRetryable(err) ? EXIT_RETRYABLE : EXIT_PERMANENT);
  },
);
