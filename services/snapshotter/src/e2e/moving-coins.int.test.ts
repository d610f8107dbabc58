import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import type { Db } from '@ppm/ledger';
import { C, expectLedgerMatches } from './test/scenarios';
import { MOVING, movingCoinsScenario } from './test/moving-coins';
import { appliedThrough, startPipeline, waitFor, type Pipeline } from './test/pipeline';

jest.setTimeout(240_000);

withTestDbs('coins moving between every two pool blocks', (t) => {
  let sim: SimHandle;
  let redis: TestRedis;
  let pipeline: Pipeline | undefined;

  beforeEach(async () => {
    sim = await startSimulator({ scenario: movingCoinsScenario() });
    redis = testRedis('moving');
  });
  afterEach(async () => {
    await pipeline?.stop();
    pipeline = undefined;
    await redis.cleanup();
    await sim.close();
  });

  it('catch-up over 200 pool blocks in one run, then live blocks, equal the plain implementation', async () => {
    const db: Db = await t.fresh();
    pipeline = await startPipeline({ db, redisUrl: redis.url, prefix: redis.prefix, rpcUrl: sim.url, staker: sim.chain.staker.address, startHeight: MOVING.START, confirmations: C });
    await waitFor('catch-up applied', () => appliedThrough(db, sim.chain.tipHeight - C), 180_000);
    const pools = await db.query<{ n: string }>(`SELECT count(*) AS n FROM snapshots`);
    let poolBlocks = 0;
    for (let h = MOVING.START; h <= sim.chain.tipHeight - C; h++) if (sim.chain.block(h)!.kind === 'pool') poolBlocks++;
    expect(poolBlocks).toBeGreaterThan(MOVING.POOLS * 0.9);
    expect(Number(pools.rows[0]!.n)).toBe(poolBlocks);
    await expectLedgerMatches(db, sim, MOVING.START);

    // Live: one block at a time, coins moving right after each pool block (before it is confirmed).
    const ds = sim.chain.delegates();
    for (let i = 0; i < 6; i++) {
      sim.chain.mine(1, { kind: 'pool' });
      const from = ds[i]!.address;
      if (i % 2 === 0) sim.chain.transfer(from, ds[i + 10]!.address, 120n * 100_000_000n + BigInt(i));
      else sim.chain.fund(from, [500n * 100_000_000n]);
      sim.chain.mine(1, { kind: 'pow' });
    }
    sim.chain.mine(C, { kind: 'pow' });
    await waitFor('live blocks applied', () => appliedThrough(db, sim.chain.tipHeight - C));
    await expectLedgerMatches(db, sim, MOVING.START);
  });
});
