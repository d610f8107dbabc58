import { openTestDbs, testDbKinds, testPostgresUrl } from './db';

// Postgres schemas are what this file checks (PGlite's in-memory instance is checked by every ledger test). It runs
// on every machine: without a Postgres it fails with the way to get one, it never skips.
describe('openTestDbs (postgres)', () => {
  it('finds the run\'s Postgres, or says how to get one', () => {
    expect(testPostgresUrl({ PPM_TEST_DATABASE_URL: 'postgres://x' })).toBe('postgres://x');
    expect(() => testPostgresUrl({ PPM_TEST_DATABASE_URL: '' })).toThrow(/No Postgres for tests: start one/);
    expect(testPostgresUrl()).toMatch(/^postgres(ql)?:\/\//);
  });

  it('lists the engines from the environment', () => {
    expect(testDbKinds({ PPM_TEST_DATABASE_URL: 'postgres://x' })).toEqual(['postgres', 'pglite']);
    expect(testDbKinds({ PPM_TEST_DATABASE_URL: '' })).toEqual(['pglite']);
  });

  it('opens unique migrated schemas and drops them on close', async () => {
    const dbs = await openTestDbs('postgres', 'Kit Test!');
    const other = await dbs.fresh();
    expect(other.schema).not.toBe(dbs.db.schema);
    expect(dbs.db.schema).toMatch(/^t_kit_test_\d+_[0-9a-f]{8}$/);
    const m = await other.query<{ n: string }>('SELECT count(*) AS n FROM ppm_migrations');
    expect(Number(m.rows[0]!.n)).toBeGreaterThan(0);
    const schemas = [dbs.db.schema, other.schema];
    await dbs.close();
    await dbs.close();
    const probe = await openTestDbs('postgres', 'probe', { migrate: false });
    const left = await probe.db.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ANY($1::text[])', [schemas]);
    expect(left.rowCount).toBe(0);
    await probe.close();
  });
});
