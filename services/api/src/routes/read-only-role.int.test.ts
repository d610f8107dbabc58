import { randomBytes } from 'node:crypto';
import { openPostgres, setupLedgerRoles, type Db } from '@ppm/ledger';
import { silentLogger } from '@ppm/runtime';
import { createApiApp, type ApiApp } from '../app';
import { A } from '../test/seed';
import { openApiFixture, type ApiFixture } from '../test/api-fixture';

// The api in production connects as a read-only role (`ppm db roles --reader`): every route must answer exactly
// as it does for the table owner, with SELECT alone. A uniquely named role on this file's own schema, dropped after.
describe('api routes through a read-only database role [postgres]', () => {
  const url = process.env.PPM_TEST_DATABASE_URL;
  const tag = randomBytes(4).toString('hex');
  const owner = `t_${tag}_apiown`;
  const reader = `t_${tag}_apiro`;
  let f: ApiFixture | undefined;
  let ro: Db | undefined;
  let api: ApiApp | undefined;

  beforeAll(async () => {
    if (!url) throw new Error('PPM_TEST_DATABASE_URL is empty: this test needs a real Postgres');
    f = await openApiFixture('postgres', { status: () => Promise.resolve({ chainTip: 110 }) });
    await setupLedgerRoles(f.testDb.db, { owner, writers: [], readers: [reader] }, { passwords: new Map([[reader, 'pw']]) });
    const u = new URL(url);
    u.username = reader;
    u.password = 'pw';
    ro = await openPostgres({ url: u.toString(), schema: f.testDb.db.schema, max: 2 });
    api = createApiApp({ PPM_API_LISTEN: '127.0.0.1:0', PPM_NETWORK: 'regtest' }, { db: ro, log: silentLogger(), status: () => Promise.resolve({ chainTip: 110 }) });
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
    await ro?.close();
    await f?.close();
    if (!url) return;
    const admin = await openPostgres({ url, max: 1 });
    for (const r of [reader, owner]) {
      await admin.exec(`DROP OWNED BY "${r}"`).catch(() => undefined);
      await admin.exec(`DROP ROLE IF EXISTS "${r}"`);
    }
    await admin.close();
  });

  it.each([
    '/v1/status', '/v1/delegates', `/v1/delegates/${A}`, '/v1/rewards', '/v1/rewards/daily', '/v1/payouts',
  ])('GET %s answers the same as for the owner', async (route) => {
    const asOwner = await f!.api.app.inject({ method: 'GET', url: route });
    const asReader = await api!.app.inject({ method: 'GET', url: route });
    expect(asOwner.statusCode).toBe(200);
    expect([route, asReader.statusCode, asReader.json()]).toEqual([route, 200, asOwner.json()]);
  });

  it('the role really is read-only', async () => {
    await expect(ro!.query(`INSERT INTO kv (key, value) VALUES ('x', '1'::jsonb)`)).rejects.toThrow(/permission denied for table kv/);
    await expect(ro!.query(`UPDATE payout_batches SET error = 'x'`)).rejects.toThrow(/permission denied for table payout_batches/);
  });
});
