import { createHash } from 'node:crypto';
import { encodeAddress } from '@ppm/chain';
import { silentLogger } from '@ppm/runtime';
import { createApiApp } from '../app';
import { openApiFixture, type ApiFixture } from '../test/api-fixture';
import { H105 } from '../test/seed';
import { availableBackends } from '../test/test-db';

const NEW = encodeAddress('66'.repeat(20), 'regtest');
type Status = { knownDelegates: number; appliedHeight: number; lastBlock: { height: number }; totals: { openingBalanceSats: string; balanceSats: string } };

describe.each(availableBackends())('figures follow the ledger on %s', (backend) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await openApiFixture(backend);
  });
  afterAll(async () => {
    await f?.close();
  });

  test('a new entry, a new tip block and an applied block show at once in /v1/status and /v1/delegates', async () => {
    const before = (await f.get<Status>('/v1/status')).body;
    expect((await f.get<{ total: number }>('/v1/delegates')).body.total).toBe(4);

    await f.testDb.db.query(`INSERT INTO ledger_entries (kind, address, amount_sats) VALUES ('opening_balance', $1, 12345)`, [NEW]);
    const afterEntry = (await f.get<Status>('/v1/status')).body;
    expect(afterEntry.knownDelegates).toBe(before.knownDelegates + 1);
    expect(afterEntry.totals.openingBalanceSats).toBe('12345');
    expect(BigInt(afterEntry.totals.balanceSats) - BigInt(before.totals.balanceSats)).toBe(12345n);
    const delegates = (await f.get<{ total: number; delegates: { address: string; balanceSats: string }[] }>('/v1/delegates?limit=500')).body;
    expect(delegates.total).toBe(5);
    expect(delegates.delegates.find((d) => d.address === NEW)?.balanceSats).toBe('12345');
    expect((await f.get<{ balance: { accruedSats: string } }>(`/v1/delegates/${NEW}`)).body.balance.accruedSats).toBe('12345');

    const h106 = createHash('sha256').update('block-106').digest('hex');
    await f.testDb.db.query(`INSERT INTO blocks (hash, height, prev_hash, kind, status) VALUES ($1, 106, $2, 'foreign', 'seen')`, [h106, H105]);
    expect((await f.get<Status>('/v1/status')).body.lastBlock.height).toBe(106);
    await f.testDb.db.query(`UPDATE blocks SET status = 'applied', applied_at = now() WHERE height IN (105, 106) AND on_main_chain`);
    expect((await f.get<Status>('/v1/status')).body.appliedHeight).toBe(106);
  });
});

test('a client above the rate limit gets 429 with Retry-After; probes are never limited', async () => {
  const f = await openApiFixture('pglite');
  const api = createApiApp({ PPM_API_LISTEN: '127.0.0.1:0', PPM_NETWORK: 'regtest', PPM_API_RATE_LIMIT: 1, PPM_API_RATE_BURST: 3 }, { db: f.testDb.db, log: silentLogger() });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await api.app.inject({ method: 'GET', url: '/v1/status' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const refused = await api.app.inject({ method: 'GET', url: '/v1/delegates' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toEqual({ error: 'rate_limited', message: expect.stringMatching(/^too many requests from 127\.0\.0\.1: at most 1 per second/) });
    expect((await api.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const other = await api.app.inject({ method: 'GET', url: '/v1/status', remoteAddress: '10.0.0.7' });
    expect(other.statusCode).toBe(200);
  } finally {
    await api.stop();
    await f.close();
  }
});
