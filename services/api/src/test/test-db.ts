import { openTestDbs, testDbKinds, type TestDbKind } from '@ppm/testkit';
import type { Db } from '@ppm/ledger';

/** Where a test database lives. */
export type Backend = TestDbKind;

/** Backends available to this run: PGlite always, Postgres when the global setup found one. */
export function availableBackends(): Backend[] {
  return testDbKinds();
}

/** A migrated, empty ledger and how to throw it away. */
export interface TestDb {
  readonly db: Db;
  cleanup(): Promise<void>;
}

/** Opens a fresh migrated ledger (testkit: a unique schema, dropped by `cleanup` on Postgres). */
export async function openTestDb(backend: Backend): Promise<TestDb> {
  const dbs = await openTestDbs(backend, 'api');
  return { db: dbs.db, cleanup: () => dbs.close() };
}
