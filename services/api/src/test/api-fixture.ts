import type { Logger } from '@ppm/runtime';
import { silentLogger } from '@ppm/runtime';
import { createApiApp, type ApiApp, type ApiDeps } from '../app';
import { seedLedger } from './seed';
import { openTestDb, type Backend, type TestDb } from './test-db';

/** A seeded ledger and an api over it; `close` stops the api, then drops the database. */
export interface ApiFixture {
  readonly api: ApiApp;
  readonly testDb: TestDb;
  /** GET `url` through inject(); returns status and parsed JSON body. */
  get<T = Record<string, unknown>>(url: string): Promise<{ status: number; body: T; headers: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

/** Opens a migrated ledger on `backend`, writes the seed scenario and builds the api (not listening). */
export async function openApiFixture(backend: Backend, deps: Partial<ApiDeps> = {}, listen = '127.0.0.1:0'): Promise<ApiFixture> {
  const testDb = await openTestDb(backend);
  try {
    await seedLedger(testDb.db);
  } catch (err) {
    await testDb.cleanup();
    throw err;
  }
  const log: Logger = silentLogger();
  let api: ApiApp;
  try {
    // The rate limit is off here: route tests send requests back to back; its own test builds a limited app.
    api = createApiApp({ PPM_API_LISTEN: listen, PPM_NETWORK: 'regtest', PPM_API_RATE_LIMIT: 0 }, { db: testDb.db, log, ...deps });
  } catch (err) {
    await testDb.cleanup();
    throw err;
  }
  return {
    api,
    testDb,
    async get<T>(url: string) {
      const res = await api.app.inject({ method: 'GET', url });
      const type = String(res.headers['content-type'] ?? '');
      return { status: res.statusCode, body: (type.startsWith('application/json') ? res.json() : undefined) as T, headers: res.headers, text: res.body };
    },
    async close() {
      try {
        await api.stop();
      } finally {
        await testDb.cleanup();
      }
    },
  };
}
