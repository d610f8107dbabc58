import { withTestDbs, type TestRedis } from '@ppm/testkit';
import { openCase, type E2eCase } from './test/harness';
import { appliedThrough, waitFor } from './test/pipeline';
import { basicScenario, C, expectLedgerMatches } from './test/scenarios';

/** Far behind: ~300 blocks to catch up (accrual applies ~10 blocks/s on this machine; see README). */
const FAR = 4900;
/** Restart and flush cases: ~120 blocks, so the kills and the flush land mid-sync. */
const NEAR = 5100;
jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Deletes every key of `prefix` in ONE atomic script: what FLUSHALL does to a Redis of its own (the testkit's
 * SCAN-based flush is not atomic and can leave half-deleted jobs that a real FLUSHALL never leaves).
 */
async function atomicFlush(redis: TestRedis): Promise<number> {
  const script = `local keys = redis.call('KEYS', ARGV[1])
    for i = 1, #keys, 1000 do redis.call('DEL', unpack(keys, i, math.min(i + 999, #keys))) end
    return #keys`;
  return (await redis.redis.eval(script, 0, `${redis.prefix}:*`)) as number;
}

withTestDbs('catch-up and recovery e2e', (t) => {
  let c: E2eCase | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  it('catches up from far behind', async () => {
    c = await openCase(basicScenario, 'e2e-catchup');
    const db = await t.fresh();
    await c.start(db, FAR);
    await waitFor('catch-up', () => appliedThrough(db, c!.sim.chain.tipHeight - C), 120_000);
    await expectLedgerMatches(db, c.sim, FAR);
  });

  it('gives the identical ledger when killed and restarted at random points', async () => {
    c = await openCase(basicScenario, 'e2e-restart');
    const db = await t.fresh();
    const { sim } = c;
    const FROM = NEAR;
    // Deterministic "random" points: a fixed LCG, so a failure reproduces.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 6; round++) {
      const p = await c.start(db, FROM);
      await sleep(150 + Math.floor(next() * 900));
      if (round % 2 === 1) sim.chain.mine(1, { kind: next() < 0.5 ? 'pool' : 'pow' });
      await p.stop();
    }
    await c.start(db, FROM);
    sim.chain.mine(C, { kind: 'pow' });
    await waitFor('sync after restarts', () => appliedThrough(db, sim.chain.tipHeight - C), 120_000);
    await expectLedgerMatches(db, sim, FROM);
  });

  it('gives the identical ledger when the prefix keys are deleted mid-sync (FLUSHALL of an isolated Redis)', async () => {
    c = await openCase(basicScenario, 'e2e-flush');
    const db = await t.fresh();
    const { sim, redis } = c;
    await c.start(db, NEAR);
    await sleep(800);
    expect(await atomicFlush(redis)).toBeGreaterThan(0);
    await sleep(400);
    await atomicFlush(redis);
    await waitFor('sync after the flush', () => appliedThrough(db, sim.chain.tipHeight - C), 120_000);
    await expectLedgerMatches(db, sim, NEAR);
  });
});
