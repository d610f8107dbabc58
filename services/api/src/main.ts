import { migrate, openDb } from '@ppm/ledger';
import { ConfigError, createLogger, createShutdown, errorMessage, EXIT_OK, EXIT_PERMANENT, EXIT_RETRYABLE, isRetryable } from '@ppm/runtime';
import { createApiApp } from './app';
import { loadApiConfig } from './config';

// Registered before anything slow (opening PGlite takes seconds), so a SIGTERM during start-up still stops
// cleanly instead of killing the process mid-migration.
const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
});

/** The api as its own process: parse config, open the ledger, serve until SIGINT/SIGTERM. */
async function main(): Promise<number> {
  const config = loadApiConfig();
  const log = createLogger({ name: 'api', level: config.PPM_LOG_LEVEL });
  const shutdown = createShutdown(log);
  try {
    const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.PPM_DATA_DIR });
    shutdown.add('db', () => db.close());
    // Idempotent and serialised by an advisory lock: the api may be the first service to start on a new ledger.
    await migrate(db);
    const api = createApiApp(config, { db, log });
    shutdown.add('http', () => api.stop());
    await api.start();
    const signal = await stopRequested;
    log.info({ signal }, 'stopping');
    return EXIT_OK;
  } finally {
    await shutdown.run();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // The logger may not exist yet (bad config): stderr is the only reliable channel here.
    process.stderr.write(`api: ${err instanceof ConfigError ? err.message : errorMessage(err)}\n`);
    process.exit(isRetryable(err) ? EXIT_RETRYABLE : EXIT_PERMANENT);
  },
);
