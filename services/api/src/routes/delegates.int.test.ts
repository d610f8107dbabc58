import { encodeAddress } from '@ppm/chain';
import type { DelegatePayout, DelegateShare } from '../store/delegate-history.repo';
import type { DelegateBalance } from '../store/delegates.repo';
import { openApiFixture, type ApiFixture } from '../test/api-fixture';
import { A, B, BATCH1, C, E, H100, H102, H104, H104_OLD, PLAN1, TX1, UNKNOWN } from '../test/seed';
import { availableBackends } from '../test/test-db';

type DelegateBody = { address: string; balance: DelegateBalance; shares: DelegateShare[]; payouts: DelegatePayout[] };

describe.each(availableBackends())('delegate routes on %s', (backend) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await openApiFixture(backend);
  });
  afterAll(async () => {
    await f?.close();
  });

  test('GET /v1/delegates lists ledger delegates and the latest snapshot, with balances and weights', async () => {
    const { status, body } = await f.get('/v1/delegates');
    expect(status).toBe(200);
    expect(body.delegates).toEqual([
      { address: A, accruedSats: '642750000', paidSats: '522750000', inFlightSats: '120000000', balanceSats: '0', weightSats: '300000000000', weightHeight: 104 },
      { address: B, accruedSats: '214250000', paidSats: '174250000', inFlightSats: '0', balanceSats: '40000000', weightSats: '100000000000', weightHeight: 104 },
      { address: C, accruedSats: '40000000', paidSats: '0', inFlightSats: '0', balanceSats: '40000000', weightSats: '100000000000', weightHeight: 104 },
      { address: E, accruedSats: '0', paidSats: '0', inFlightSats: '0', balanceSats: '0', weightSats: '0', weightHeight: 104 },
    ]);
  });

  test('GET /v1/delegates/:address has the balance, per-block shares (reversed marked) and payouts with txids', async () => {
    const { status, body } = await f.get<DelegateBody>(`/v1/delegates/${B}`);
    expect(status).toBe(200);
    expect(body.address).toBe(B);
    expect(body.balance).toEqual({
      address: B, accruedSats: '214250000', paidSats: '174250000', inFlightSats: '0', balanceSats: '40000000', weightSats: '100000000000', weightHeight: 104,
    });
    expect(body.shares.map((s) => [s.height, s.blockHash, s.shareSats, s.reversed])).toEqual([
      [104, H104, '40000000', false],
      [104, H104_OLD, '50000000', true],
      [102, H102, '74250000', false],
      [100, H100, '100000000', false],
    ]);
    expect(body.shares[0]).toEqual({
      height: 104, blockHash: H104, blockTime: '2026-11-29T15:01:00.000Z', shareSats: '40000000', weightSats: '100000000000',
      poolWeightSats: '500000000000', rewardSats: '200000000', reversed: false,
    });
    expect(body.payouts).toEqual([{
      batchId: BATCH1, planHash: PLAN1, state: 'paid', txid: TX1, amountSats: '174250000', confirmations: 6, blockHeight: 110,
      createdAt: '2026-11-30T00:00:00.000Z', broadcastAt: '2026-11-30T00:00:00.000Z', confirmedAt: null,
    }]);
  });

  test('limit bounds the shares and payouts', async () => {
    const { status, body } = await f.get<DelegateBody>(`/v1/delegates/${A}?limit=1`);
    expect(status).toBe(200);
    expect(body.shares).toHaveLength(1);
    expect(body.payouts.map((p) => [p.state, p.amountSats])).toEqual([['broadcast', '120000000']]);
  });

  test('an eligible delegate with nothing mature is known (200) with zero balances', async () => {
    const { status, body } = await f.get<DelegateBody>(`/v1/delegates/${E}`);
    expect(status).toBe(200);
    expect(body.balance.balanceSats).toBe('0');
    expect(body.shares).toEqual([]);
  });

  test('a bad checksum is a 400 that says so', async () => {
    const bad = `${B.slice(0, -1)}${B.endsWith('2') ? '3' : '2'}`;
    const { status, body } = await f.get(`/v1/delegates/${bad}`);
    expect(status).toBe(400);
    expect(body.error).toBe('bad_request');
    expect(body.message).toMatch(new RegExp(`^${bad} is not a valid regtest address: .*checksum`));
  });

  test('a short or foreign-network or P2SH address is a 400 naming the problem', async () => {
    const short = await f.get('/v1/delegates/qXYZ');
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/^qXYZ is not a valid regtest address: /);
    const mainnet = encodeAddress('22'.repeat(20), 'mainnet');
    const m = await f.get(`/v1/delegates/${mainnet}`);
    expect(m.status).toBe(400);
    expect(m.body.message).toContain('mainnet');
    const p2sh = await f.get(`/v1/delegates/${encodeAddress('22'.repeat(20), 'regtest', 'p2sh')}`);
    expect(p2sh.status).toBe(400);
    expect(p2sh.body.message).toContain('P2PKH');
  });

  test('a valid address the pool has never seen is a 404', async () => {
    const { status, body } = await f.get(`/v1/delegates/${UNKNOWN}`);
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'not_found', message: `${UNKNOWN} is not a delegate of this pool: no shares, weights or payouts recorded` });
  });

  test('a bad limit is a 400', async () => {
    expect((await f.get(`/v1/delegates/${A}?limit=0`)).status).toBe(400);
    expect((await f.get(`/v1/delegates/${A}?limit=abc`)).status).toBe(400);
  });
});
