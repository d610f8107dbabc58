/**
 * The API benchmark's server process: the api over a seeded Postgres schema, on 127.0.0.1 with a free port.
 * Prints `LISTENING <url>` when ready; stops on SIGTERM. Env: PPM_BENCH_DATABASE_URL, PPM_BENCH_SCHEMA,
 * PPM_API_RATE_LIMIT / PPM_API_RATE_BURST (as in production; the throughput run turns the limit off).
 */
import { openPostgres } from '@ppm/ledger';
import { createLogger } from '@ppm/runtime';
import { createApiApp } from '../app';
import { loadApiConfig } from '../config';

async function main(): Promise<void> {
  const url = process.env.PPM_BENCH_DATABASE_URL;
  const schema = process.env.PPM_BENCH_SCHEMA;
  if (!url || !schema) throw new Error('PPM_BENCH_DATABASE_URL and PPM_BENCH_SCHEMA are required');
  const config = loadApiConfig({ ...process.env, PPM_API_LISTEN: '127.0.0.1:0', PPM_NETWORK: 'regtest' });
  const db = await openPostgres({ url, schema, max: 10 });
  const api = createApiApp(config, { db, log: createLogger({ name: 'api-bench', level: config.PPM_LOG_LEVEL }) });
  const { url: listening } = await api.start();
  process.stdout.write(`LISTENING ${listening}\n`);
  process.once('SIGTERM', () => {
    void api.stop().then(() => db.close()).then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
