import { migrate, openPostgres, type Db } from '@ppm/ledger';
import { openTestDbs, testDbKinds, testPostgresUrl, testRedis, type TestDbKind, type TestDbs, type TestRedis } from '@ppm/testkit';

export type { TestDbs, TestRedis };

/** Engines this run tests on: Postgres (when reachable) and PGlite (the shared jest preset lets swc load it). */
export const DB_KINDS: TestDbKind[] = testDbKinds();

/** Opens the file's databases of `kind` (testkit: unique schemas, dropped on close). */
export function openDbs(kind: TestDbKind, label: string): Promise<TestDbs> {
  return openTestDbs(kind, `notifier_${label}`);
}

/** A second connection pool on the same Postgres schema (another replica's own pool). */
export async function secondPool(db: Db, max = 10): Promise<Db> {
  if (db.kind !== 'postgres') return db;
  const other = await openPostgres({ url: testPostgresUrl(), schema: db.schema, max });
  await migrate(other);
  return other;
}

/** Redis with a unique prefix (testkit). */
export function openTestRedis(label = 'notifier'): TestRedis {
  return testRedis(label);
}

/** Polls `check` until it is true (rejects after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A settable clock for `deps.now`. */
export interface TestClock {
  (): Date;
  set(iso: string): void;
}

/** A clock fixed at `iso` until set again. */
export function testClock(iso: string): TestClock {
  let t = new Date(iso);
  const clock = (() => new Date(t.getTime())) as TestClock;
  clock.set = (next: string) => {
    t = new Date(next);
  };
  return clock;
}
