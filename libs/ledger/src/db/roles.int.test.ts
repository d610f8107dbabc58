import { randomBytes } from 'node:crypto';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import { APPEND_ONLY_TABLES, applyLedgerGrants, setupLedgerRoles, type LedgerRoles } from './roles';
import type { Db } from './db';

// Least privilege on real Postgres: uniquely named roles and schema per run (other test files share the server),
// dropped at the end. The services' roles own nothing, so the triggers that guard the ledger stay on.
const HASH = 'ab'.repeat(32);

async function refusal(p: Promise<unknown>): Promise<string> {
  return p.then(() => 'accepted', (err: unknown) => (err as Error).message);
}

describe('TRUNCATE of a ledger table is refused for every role, the owner included [pglite]', () => {
  it('refuses TRUNCATE of ledger_entries and payout_batches, and the rows stay', async () => {
    const db = await openPglite();
    try {
      await migrate(db);
      await db.query(`INSERT INTO blocks (hash, height) VALUES ($1, 1)`, [HASH]);
      await db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, block_hash, height) VALUES ('delegate_share', 'qA', 5, $1, 1)`, [HASH]);
      expect(await refusal(db.exec('TRUNCATE ledger_entries'))).toMatch(/ledger_entries is part of the ledger: TRUNCATE refused/);
      expect(await refusal(db.exec('TRUNCATE blocks CASCADE'))).toMatch(/TRUNCATE refused/);
      expect(await refusal(db.exec('TRUNCATE payout_batches CASCADE'))).toMatch(/TRUNCATE refused/);
      // Every append-only history table, block_reversals (migration 005, guarded by 301) included.
      for (const table of APPEND_ONLY_TABLES) expect([table, await refusal(db.exec(`TRUNCATE ${table} CASCADE`))]).toEqual([table, expect.stringMatching(/TRUNCATE refused/)]);
      expect((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM ledger_entries')).rows[0]?.n).toBe('1');
      // No roles on PGlite: grants are a no-op, `ppm db roles` refuses.
      expect(await applyLedgerGrants(db)).toBeUndefined();
      expect(await refusal(setupLedgerRoles(db, { owner: 'o', writers: ['w'], readers: [] }))).toMatch(/need Postgres/);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('database roles on real Postgres', () => {
  const url = process.env.PPM_TEST_DATABASE_URL;
  const tag = randomBytes(4).toString('hex');
  const schema = `t_roles_${process.pid}_${tag}`;
  const roles: LedgerRoles = { owner: `t_${tag}_owner`, writers: [`t_${tag}_writer`], readers: [`t_${tag}_api`] };
  const writer = roles.writers[0]!;
  const reader = roles.readers[0]!;
  let admin: Db;
  const opened: Db[] = [];
  const as = async (user: string): Promise<Db> => {
    const u = new URL(url!);
    u.username = user;
    u.password = 'pw';
    const db = await openPostgres({ url: u.toString(), schema, max: 2 });
    opened.push(db);
    return db;
  };

  beforeAll(async () => {
    if (!url) throw new Error('PPM_TEST_DATABASE_URL is empty: these tests need a real Postgres (roles do not exist in PGlite)');
    admin = await openPostgres({ url, schema, max: 2 });
    const passwords = new Map([[roles.owner, 'pw'], [writer, 'pw'], [reader, 'pw']]);
    const r = await setupLedgerRoles(admin, roles, { passwords });
    expect(r.created.sort()).toEqual([roles.owner, writer, reader].sort());
    // The owner migrates (as `ppm migrate` does in compose); the grants follow the new tables.
    const owner = await as(roles.owner);
    await migrate(owner);
    await owner.query(`INSERT INTO blocks (hash, height) VALUES ($1, 1)`, [HASH]);
    await owner.query(`INSERT INTO ledger_entries (kind, address, amount_sats, block_hash, height) VALUES ('delegate_share', 'qA', 5, $1, 1)`, [HASH]);
  }, 60_000);

  afterAll(async () => {
    for (const db of opened) await db.close();
    if (!admin) return;
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    for (const r of [roles.owner, writer, reader]) {
      await admin.exec(`DROP OWNED BY "${r}"`).catch(() => undefined);
      await admin.exec(`DROP ROLE IF EXISTS "${r}"`);
    }
    await admin.close();
  });

  it('the owner role owns every table (the migration ran as it)', async () => {
    const r = await admin.query<{ tableowner: string; n: string }>(
      'SELECT tableowner, count(*)::text AS n FROM pg_tables WHERE schemaname = $1 GROUP BY tableowner', [schema]);
    expect(r.rows.map((x) => x.tableowner)).toEqual([roles.owner]);
    expect(Number(r.rows[0]?.n)).toBeGreaterThanOrEqual(10);
  });

  it('a writer appends to the ledger but cannot UPDATE, DELETE or TRUNCATE an entry, nor disable a trigger', async () => {
    const w = await as(writer);
    await w.query(`INSERT INTO ledger_entries (kind, address, amount_sats, block_hash, height) VALUES ('delegate_share', 'qB', 7, $1, 1)`, [HASH]);
    expect(await refusal(w.query(`UPDATE ledger_entries SET amount_sats = 500000000000 WHERE address = 'qA'`))).toMatch(/permission denied for table ledger_entries/);
    expect(await refusal(w.query(`DELETE FROM ledger_entries WHERE address = 'qA'`))).toMatch(/permission denied for table ledger_entries/);
    expect(await refusal(w.exec('TRUNCATE ledger_entries'))).toMatch(/permission denied for table ledger_entries/);
    expect(await refusal(w.exec('ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update'))).toMatch(/must be owner of table ledger_entries/);
    expect(await refusal(w.exec('ALTER TABLE ledger_entries DISABLE TRIGGER ALL'))).toMatch(/must be owner of table ledger_entries/);
    expect(await refusal(w.exec('SET session_replication_role = replica'))).toMatch(/permission denied/);
    expect(await refusal(w.exec('DROP TRIGGER ledger_entries_no_update ON ledger_entries'))).toMatch(/must be owner of (table|relation) ledger_entries/);
    expect(await refusal(w.exec('CREATE TABLE sneaky (x int)'))).toMatch(/permission denied for schema/);
    // The state tables stay writable (the services' work), within their own guards.
    await w.query(`UPDATE blocks SET status = 'snapshotted' WHERE hash = $1`, [HASH]);
    await w.query(`INSERT INTO kv (key, value) VALUES ('k', '1'::jsonb)`);
    await w.query(`DELETE FROM kv WHERE key = 'k'`);
    const rows = await admin.query<{ address: string; amount_sats: string }>('SELECT address, amount_sats FROM ledger_entries ORDER BY id');
    expect(rows.rows).toEqual([{ address: 'qA', amount_sats: '5' }, { address: 'qB', amount_sats: '7' }]);
  });

  it('the api role reads and cannot write anything', async () => {
    const api = await as(reader);
    expect((await api.query<{ n: string }>('SELECT count(*)::text AS n FROM ledger_entries')).rows[0]?.n).toBe('2');
    expect((await api.query('SELECT * FROM delegate_balances')).rowCount).toBe(2);
    expect(await refusal(api.query(`INSERT INTO ledger_entries (kind, address, amount_sats) VALUES ('opening_balance', 'qX', 1)`))).toMatch(/permission denied/);
    expect(await refusal(api.query(`INSERT INTO kv (key, value) VALUES ('k', '1'::jsonb)`))).toMatch(/permission denied for table kv/);
    expect(await refusal(api.query(`UPDATE blocks SET status = 'applied'`))).toMatch(/permission denied for table blocks/);
    expect(await refusal(api.query(`DELETE FROM outbox`))).toMatch(/permission denied for table outbox/);
    expect(await refusal(api.query(`SELECT nextval('ledger_entries_id_seq')`))).toMatch(/permission denied for sequence/);
    expect(await refusal(api.exec('TRUNCATE kv'))).toMatch(/permission denied for table kv/);
  });

  it('the owner itself meets the TRUNCATE trigger', async () => {
    const owner = await as(roles.owner);
    expect(await refusal(owner.exec('TRUNCATE ledger_entries'))).toMatch(/TRUNCATE refused/);
  });

  it('a later migration\'s table gets the same grants (migrate re-applies them)', async () => {
    const owner = await as(roles.owner);
    await owner.exec('CREATE TABLE later_state (id int PRIMARY KEY)');
    await migrate(owner);
    const w = await as(writer);
    await w.query('INSERT INTO later_state VALUES (1)');
    await w.query('UPDATE later_state SET id = 2');
    expect(await refusal(w.exec('TRUNCATE later_state'))).toMatch(/permission denied/);
    expect(await refusal((await as(reader)).query('INSERT INTO later_state VALUES (3)'))).toMatch(/permission denied/);
  });

  it('refuses a writer that is a member of the owner role, and a superuser writer', async () => {
    await admin.exec(`GRANT "${roles.owner}" TO "${writer}"`);
    try {
      expect(await refusal(applyLedgerGrants(admin))).toMatch(new RegExp(`role ${writer} is, or is a member of, the owner role`));
    } finally {
      await admin.exec(`REVOKE "${roles.owner}" FROM "${writer}"`);
    }
    expect(await refusal(setupLedgerRoles(admin, { ...roles, writers: ['postgres'] }))).toMatch(/role postgres is a superuser/);
    expect(await applyLedgerGrants(admin)).toEqual(roles);
  });
});
