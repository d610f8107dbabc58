import type { DailyRewards } from '../store/daily-rewards.repo';
import type { PayoutBatch } from '../store/payouts.repo';
import type { BlockReward } from '../store/rewards.repo';
import { openApiFixture, type ApiFixture } from '../test/api-fixture';
import { A, B, BATCH1, BATCH2, C, H100, H102, H103, H104, H105, PLAN1, PLAN2, TX1, TX2 } from '../test/seed';
import { availableBackends } from '../test/test-db';

type Rewards = { rewards: BlockReward[] };

describe.each(availableBackends())('pool routes on %s', (backend) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await openApiFixture(backend, { status: () => Promise.resolve({ chainTip: 110, network: 'overridden?' }) });
  });
  afterAll(async () => {
    await f?.close();
  });

  test('GET /v1/status: heights, pool weight, delegates and totals net of the reorg', async () => {
    const { status, body } = await f.get('/v1/status');
    expect(status).toBe(200);
    expect(body).toEqual({
      chainTip: 110,
      network: 'regtest',
      appliedHeight: 104,
      lastBlock: { height: 105, hash: H105, status: 'snapshotted', kind: 'pool', blockTime: '2026-11-29T15:02:00.000Z' },
      snapshotHeight: 104,
      snapshotBlockHash: H104,
      poolWeightSats: '500000000000',
      delegates: 3,
      eligibleDelegates: 4,
      knownDelegates: 3,
      blocks: { pool: 3, self: 1, foreign: 1, reversed: 1 },
      totals: {
        poolRewardSats: '900000000', selfRewardSats: '100000000', sharedSats: '897000000', poolFeeSats: '3000000', unallocatedSats: '0',
        openingBalanceSats: '0', paidSats: '697000000', inFlightSats: '120000000', balanceSats: '80000000',
      },
    });
  });

  test('GET /v1/rewards: the latest reward blocks in height order with their split', async () => {
    const { status, body } = await f.get<Rewards>('/v1/rewards');
    expect(status).toBe(200);
    expect(body.rewards.map((r) => [r.height, r.kind, r.rewardSats, r.poolFeeSats, r.sharedSats])).toEqual([
      [100, 'pool', '400000000', '0', '400000000'],
      [102, 'pool', '300000000', '3000000', '297000000'],
      [103, 'self', '100000000', '0', '0'],
      [104, 'pool', '200000000', '0', '200000000'],
    ]);
    expect(body.rewards[3]).toEqual({
      height: 104, blockHash: H104, kind: 'pool', blockTime: '2026-11-29T15:01:00.000Z', rewardSats: '200000000', poolFeeSats: '0',
      sharedSats: '200000000', unallocatedSats: '0', poolWeightSats: '500000000000',
      shares: [
        { address: A, weightSats: '300000000000', shareSats: '120000000' },
        { address: B, weightSats: '100000000000', shareSats: '40000000' },
        { address: C, weightSats: '100000000000', shareSats: '40000000' },
      ],
      shareCount: 3,
    });
    expect(body).toMatchObject({ nextCursor: null });
    expect(body.rewards[2]!.shares).toEqual([]);
  });

  test('GET /v1/rewards?from&to is an inclusive height range; limit keeps the first (from) or the last blocks', async () => {
    expect((await f.get<Rewards>('/v1/rewards?from=102&to=103')).body.rewards.map((r) => r.blockHash)).toEqual([H102, H103]);
    expect((await f.get<Rewards>('/v1/rewards?from=100&limit=1')).body.rewards.map((r) => r.blockHash)).toEqual([H100]);
    expect((await f.get<Rewards>('/v1/rewards?limit=2')).body.rewards.map((r) => r.height)).toEqual([103, 104]);
    expect((await f.get<Rewards>('/v1/rewards?to=102')).body.rewards.map((r) => r.height)).toEqual([100, 102]);
    expect((await f.get('/v1/rewards?from=200')).body.rewards).toEqual([]);
  });

  test('GET /v1/rewards rejects bad ranges with 400', async () => {
    const reversed = await f.get('/v1/rewards?from=104&to=100');
    expect(reversed.status).toBe(400);
    expect(reversed.body).toEqual({ error: 'bad_request', message: 'from (104) must be <= to (100)' });
    expect((await f.get('/v1/rewards?from=abc')).status).toBe(400);
    expect((await f.get('/v1/rewards?from=-1')).status).toBe(400);
    expect((await f.get('/v1/rewards?limit=5000')).status).toBe(400);
  });

  test('numbers beyond the database range or not whole are a 400 with a message, never a 500', async () => {
    for (const url of ['/v1/rewards?from=99999999999999999999', '/v1/rewards?to=2147483648', '/v1/rewards?limit=1e309', '/v1/rewards?limit=Infinity',
      '/v1/rewards?limit=-Infinity', '/v1/rewards?sharesLimit=1.5', '/v1/rewards/daily?days=1e309', '/v1/payouts?limit=NaN', '/v1/payouts?outputsLimit=Infinity',
      '/v1/delegates?limit=Infinity', '/v1/payouts/%00/outputs']) {
      const r = await f.get(url);
      expect([url, r.status, r.body.error, typeof r.body.message]).toEqual([url, 400, 'bad_request', 'string']);
    }
  });

  test('GET /v1/rewards/daily: one entry per UTC day up to the latest reward day, zeros filled', async () => {
    const { status, body } = await f.get<{ days: DailyRewards[] }>('/v1/rewards/daily?days=3');
    expect(status).toBe(200);
    expect(body.days).toEqual([
      { date: '2026-11-27', poolBlocks: 0, selfBlocks: 0, rewardSats: '0', sharedSats: '0', poolFeeSats: '0', selfRewardSats: '0' },
      { date: '2026-11-28', poolBlocks: 1, selfBlocks: 0, rewardSats: '400000000', sharedSats: '400000000', poolFeeSats: '0', selfRewardSats: '0' },
      { date: '2026-11-29', poolBlocks: 2, selfBlocks: 1, rewardSats: '500000000', sharedSats: '497000000', poolFeeSats: '3000000', selfRewardSats: '100000000' },
    ]);
    const month = await f.get<{ days: DailyRewards[] }>('/v1/rewards/daily');
    expect(month.body.days).toHaveLength(30);
    expect(month.body.days[29]!.date).toBe('2026-11-29');
    expect(month.body.days[0]!.date).toBe('2026-10-31');
    expect((await f.get('/v1/rewards/daily?days=0')).status).toBe(400);
  });

  test('GET /v1/payouts: batches newest first with txids, outputs and confirmations; filter by state', async () => {
    const { status, body } = await f.get('/v1/payouts');
    expect(status).toBe(200);
    expect(body.payouts).toEqual([
      {
        batchId: BATCH2, planHash: PLAN2, batchIndex: 0, state: 'broadcast', txid: TX2, totalSats: '120000000', feeSats: '90000', outputCount: 1,
        confirmations: 0, blockHeight: null, error: null, createdAt: '2026-11-30T01:00:00.000Z', broadcastAt: '2026-11-30T01:00:00.000Z',
        confirmedAt: null, outputs: [{ address: A, amountSats: '120000000' }],
      },
      {
        batchId: BATCH1, planHash: PLAN1, batchIndex: 0, state: 'paid', txid: TX1, totalSats: '697000000', feeSats: '90000', outputCount: 2,
        confirmations: 6, blockHeight: 110, error: null, createdAt: '2026-11-30T00:00:00.000Z', broadcastAt: '2026-11-30T00:00:00.000Z',
        confirmedAt: null, outputs: [{ address: A, amountSats: '522750000' }, { address: B, amountSats: '174250000' }],
      },
    ]);
    expect((await f.get<{ payouts: PayoutBatch[] }>('/v1/payouts?state=paid')).body.payouts.map((p) => p.txid)).toEqual([TX1]);
    expect((await f.get('/v1/payouts?state=nonsense')).status).toBe(400);
  });

  test('an unknown route is a JSON 404', async () => {
    const { status, body } = await f.get('/v1/nothing');
    expect(status).toBe(404);
    expect(body.error).toBe('not_found');
  });
});
