import { withTestDbs } from '@ppm/testkit';
import { appliedOffChainCount, openCase, statusCounts, type E2eCase } from './test/harness';
import { appliedThrough, waitFor } from './test/pipeline';
import { basicScenario, C, expectLedgerMatches } from './test/scenarios';

const START = 5195;
jest.setTimeout(180_000);

withTestDbs('reorgs e2e', (t) => {
  let c: E2eCase | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  it('a reorg before confirmation, then one deeper than the confirmations: reversed and re-applied exactly', async () => {
    c = await openCase(basicScenario, 'e2e-reorg');
    const db = await t.fresh();
    const { sim } = c;
    await c.start(db, START);
    const synced = () => Promise.all([appliedThrough(db, sim.chain.tipHeight - C), appliedOffChainCount(db).then((n) => n === 0)]).then(([a, b]) => a && b);
    await waitFor('initial sync', synced);

    // Shallow: the replaced blocks never reached C confirmations, so nothing was emitted for them.
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.mine(2, { kind: 'pow' });
    sim.chain.reorg(2, [{ kind: 'self' }, { kind: 'pool' }, { kind: 'pow' }]);
    sim.chain.mine(C, { kind: 'pow' });
    await waitFor('sync after a shallow reorg', synced);
    await expectLedgerMatches(db, sim, START);
    expect((await statusCounts(db)).reversed ?? 0).toBe(0);

    // Deep: applied pool and self blocks leave the main chain; coins that moved there move at other heights.
    const d = sim.chain.delegates().find((x) => x.label === 'D')!.address;
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.transfer(d, sim.chain.miner.address, 120n * 100_000_000n);
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.mine(1, { kind: 'self' });
    sim.chain.mine(C + 1, { kind: 'pow' });
    await waitFor('sync before the deep reorg', synced);
    sim.chain.reorg(C + 4, [{ kind: 'pow' }, { kind: 'pool' }, { kind: 'foreign' }, { kind: 'pool' }, { kind: 'pow' }, { kind: 'pool' }]);
    sim.chain.mine(C + 1, { kind: 'pow' });
    await waitFor('sync after the deep reorg', synced, 60_000);
    expect((await statusCounts(db)).reversed ?? 0).toBeGreaterThan(0);
    await expectLedgerMatches(db, sim, START);
  });
});
