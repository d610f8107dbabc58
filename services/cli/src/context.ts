import type { Redis } from 'ioredis';
import pino from 'pino';
import { createLogger, createShutdown, type Logger, type Shutdown } from '@ppm/runtime';
import { migrate, openDb, type Db } from '@ppm/ledger';
import { openRedis } from '@ppm/queues';

/** Resources a command opens on demand; all are closed by `close()` in reverse order. */
export interface CliContext {
  readonly env: Record<string, string | undefined>;
  readonly log: Logger;
  readonly shutdown: Shutdown;
  /** The ledger, migrated (unless `migrate: false`, for `ppm migrate` itself). */
  db(opts?: { migrate?: boolean }): Promise<Db>;
  redis(): Redis;
  close(): Promise<void>;
}

/**
 * Creates the CLI's context. Logs go to stderr (stdout carries only the command's output, e.g. JSON), at
 * PPM_LOG_LEVEL (default warn for one-shot commands, info for long-running ones).
 */
export function createCliContext(opts: { env?: Record<string, string | undefined>; longRunning?: boolean } = {}): CliContext {
  const env = opts.env ?? process.env;
  const log = createLogger({ name: 'ppm', level: env.PPM_LOG_LEVEL ?? (opts.longRunning ? 'info' : 'warn'), destination: pino.destination(2) });
  const shutdown = createShutdown(log);
  let db: Promise<Db> | undefined;
  let redis: Redis | undefined;
  return {
    env,
    log,
    shutdown,
    db(dbOpts) {
      db ??= (async () => {
        const opened = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.PPM_DATA_DIR });
        shutdown.add('database', () => opened.close());
        if (dbOpts?.migrate !== false) await migrate(opened);
        return opened;
      })();
      return db;
    },
    redis() {
      if (!redis) {
        const conn = openRedis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
        redis = conn;
        shutdown.add('redis', async () => {
          await conn.quit().catch(() => conn.disconnect());
        });
      }
      return redis;
    },
    close: () => shutdown.run(),
  };
}
