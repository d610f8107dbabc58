import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from '@jest/globals';
import { createPglite, migrate, openPglite, openPostgres, type Db } from '@ppm/ledger';

/** The database engines a ledger test runs on. */
export type TestDbKind = 'postgres' | 'pglite';

/**
 * The engines available to this run: PGlite always; Postgres when `PPM_TEST_DATABASE_URL` is set (the root
 * jest global setup finds a local server or a container; it leaves the variable empty when there is none).
 */
export function testDbKinds(env: Record<string, string | undefined> = process.env): TestDbKind[] {
  return env.PPM_TEST_DATABASE_URL ? ['postgres', 'pglite'] : ['pglite'];
}

/**
 * The Postgres server of this run: `PPM_TEST_DATABASE_URL`, which the root jest global setup derives (an explicit
 * `PPM_TEST_DATABASE_URL` or `DATABASE_URL`, else the local server on 127.0.0.1:5432, else a testcontainer).
 * Tests that exist only for Postgres (several replicas, several pools) call this and fail, never skip, without one.
 */
export function testPostgresUrl(env: Record<string, string | undefined> = process.env): string {
  const url = env.PPM_TEST_DATABASE_URL;
  if (!url) {
    throw new Error('No Postgres for tests: start one on 127.0.0.1:5432 (user postgres, trust), set DATABASE_URL, ' +
      'or provide a Docker engine for testcontainers');
  }
  return url;
}

/** Databases of one engine for one test file. */
export interface TestDbs {
  readonly kind: TestDbKind;
  /** The file's database: a unique, migrated schema. Available from `beforeAll` on. */
  readonly db: Db;
  /** Another unique, migrated schema (a clean ledger for one test); dropped with the others at the end. */
  fresh(): Promise<Db>;
  /** Closes every database opened here and drops their schemas (Postgres). Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link openTestDbs} and {@link withTestDbs}. */
export interface TestDbOptions {
  /** Apply the ledger migrations to each new schema (default true). */
  migrate?: boolean;
}

type PGlite = Awaited<ReturnType<typeof createPglite>>;

function uniqueSchema(label: string): string {
  const base = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 30) || 'test';
  return `t_${base}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * Opens the file database of engine `kind` now (outside Jest hooks: scripts, custom fixtures). Postgres gets
 * one pool per schema; PGlite one in-memory instance (slow to start, ~4 s) shared by every schema.
 */
export async function openTestDbs(kind: TestDbKind, label: string, opts: TestDbOptions = {}): Promise<TestDbs> {
  const url = kind === 'postgres' ? testPostgresUrl() : undefined;
  let lite: PGlite | undefined;
  const opened: Db[] = [];
  let closed = false;
  const open = async (): Promise<Db> => {
    if (closed) throw new Error('test databases already closed');
    const schema = uniqueSchema(label);
    let db: Db;
    if (kind === 'postgres') db = await openPostgres({ url: url!, schema, max: 4 });
    else {
      lite ??= await createPglite();
      db = await openPglite({ instance: lite, schema });
    }
    opened.push(db);
    if (opts.migrate ?? true) await migrate(db);
    return db;
  };
  const first = await open();
  return {
    kind,
    db: first,
    fresh: open,
    async close() {
      if (closed) return;
      closed = true;
      for (const db of opened) {
        if (db.kind === 'postgres') await db.exec(`DROP SCHEMA IF EXISTS ${db.schema} CASCADE`).catch(() => undefined);
        await db.close();
      }
      await lite?.close();
    },
  };
}

/**
 * Runs the suite `fn` once per available engine (`describe.each` style), e.g.
 *
 *     withTestDbs('ledger balances', (t) => {
 *       it('starts empty', async () => expect(await getBalances(t.db)).toEqual([]));
 *     });
 *
 * Each engine gets a unique migrated schema opened in `beforeAll` and dropped/closed in `afterAll`; `t.fresh()`
 * gives a clean schema for one test. Read `t.db` inside hooks and tests only (it does not exist before).
 *
 * PGlite under Jest: its CommonJS build loads files with `import()`, which Jest's runtime refuses without
 * `--experimental-vm-modules`. The package's jest config must let swc transform it (see
 * services/accrual/jest.config.js: a `^.+\.cjs$` transform and `transformIgnorePatterns` letting
 * `@electric-sql/pglite` through).
 */
export function withTestDbs(name: string, fn: (t: TestDbs) => void, opts: TestDbOptions = {}): void {
  describe.each(testDbKinds())(`${name} [%s]`, (kind) => {
    let dbs: TestDbs | undefined;
    const handle: TestDbs = {
      kind,
      get db(): Db {
        if (!dbs) throw new Error('test database not open yet: use t.db inside tests or hooks');
        return dbs.db;
      },
      fresh: () => {
        if (!dbs) throw new Error('test database not open yet: use t.fresh() inside tests or hooks');
        return dbs.fresh();
      },
      close: async () => dbs?.close(),
    };
    beforeAll(async () => {
      dbs = await openTestDbs(kind, name, opts);
    });
    afterAll(async () => {
      await dbs?.close();
    });
    fn(handle);
  });
}
