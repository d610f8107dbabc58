import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import type { Db } from '@ppm/ledger';
import { basicScenario, C, expectLedgerMatches } from './test/scenarios';
import { appliedThrough, startPipeline, waitFor, type Pipeline } from './test/pipeline';

const START = 5195;

withTestDbs('chain to ledger e2e', (t) => {
  let sim: SimHandle;
  let redis: TestRedis;
  let pipeline: Pipeline | undefined;

  beforeEach(async () => {
    sim = await startSimulator({ scenario: basicScenario });
    redis = testRedis('e2e');
  });
  afterEach(async () => {
    await pipeline?.stop();
    pipeline = undefined;
    await redis.cleanup();
    await sim.close();
  });

  const start = async (db: Db) => {
    pipeline = await startPipeline({ db, redisUrl: redis.url, prefix: redis.prefix, rpcUrl: sim.url, staker: sim.chain.staker.address, startHeight: START, confirmations: C });
    return pipeline;
  };

  it('pool, self and foreign blocks with delegation changes and coins moving after the block', async () => {
    const db = await t.fresh();
    await start(db);
    await waitFor('applied through the confirmed tip', () => appliedThrough(db, sim.chain.tipHeight - C));
    await expectLedgerMatches(db, sim, START);
    // Live: a pool block, then at once coins move (spent and received) before it has C confirmations.
    const [c, d] = ['C', 'D'].map((l) => sim.chain.delegates().find((x) => x.label === l)!.address);
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.transfer(d!, sim.chain.miner.address, 250n * 100_000_000n);
    sim.chain.fund(d!, [900n * 100_000_000n]);
    sim.chain.mine(1, { kind: 'pool' });
    // A delegate re-delegating to another staker leaves S from the next block on.
    sim.chain.addDelegation(c!, 100, sim.chain.foreign.hash160Hex);
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.mine(2, { kind: 'pool' });
    sim.chain.mine(C, { kind: 'pow' });
    await waitFor('applied after re-delegation', () => appliedThrough(db, sim.chain.tipHeight - C));
    await expectLedgerMatches(db, sim, START);
  });
});
