import { readChainFollowState, type Db } from '@ppm/ledger';
import { startSimulator } from '@ppm/qtum-sim';
import { withTestDbs } from '@ppm/testkit';
import { appliedOffChainCount, openCase, statusCounts, type E2eCase } from './test/harness';
import { appliedThrough, startPipeline, waitFor } from './test/pipeline';
import { basicScenario, C, expectLedgerMatches } from './test/scenarios';

/**
 * The pipeline under real node operations (issue 9): after each, the ledger equals an uninterrupted run of the
 * same chain (the plain oracle of expected-ledger.ts). The simulator plays qtumd 27.1's answers: -28 warm-up,
 * getblockcount restarting low and climbing, -8 above it, initialblockdownload true, verificationprogress 1.
 */
const START = 5195;
jest.setTimeout(240_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const outboxKinds = async (db: Db) => (await db.query<{ kind: string }>('SELECT kind FROM outbox ORDER BY id')).rows.map((r) => r.kind);
const applications = async (db: Db) =>
  (await db.query<{ n: number }>('SELECT max(application) AS n FROM block_applications')).rows[0]?.n ?? 0;

withTestDbs('node operations e2e', (t) => {
  let c: E2eCase | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });
  const synced = (db: Db) => async () => {
    const [a, b] = await Promise.all([appliedThrough(db, c!.sim.chain.tipHeight - C), appliedOffChainCount(db).then((n) => n === 0)]);
    return a && b;
  };

  it('reindex of the node after a sync: nothing reversed, the ledger equals an uninterrupted run', async () => {
    c = await openCase(basicScenario, 'e2e-reindex');
    const db = await t.fresh();
    const { sim } = c;
    await c.start(db, START);
    await waitFor('initial sync', synced(db));

    sim.chain.view.reindex({ warmupMs: 600, fromHeight: 0, blocksPerSec: 2_000 });
    await waitFor('the watcher sees the node behind', async () => (await readChainFollowState(db)).nodeBehind !== null);
    const behind = (await readChainFollowState(db)).nodeBehind!;
    expect(behind.message).toMatch(/^node behind the ledger by \d+ blocks \(reindexing \/ catching up\)$/);
    expect(behind.initialBlockDownload).toBe(true);
    // Blocks are found while the node reindexes; it serves them once caught up.
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.mine(1, { kind: 'self' });
    sim.chain.mine(C, { kind: 'pow' });
    await waitFor('sync after the reindex', async () => !sim.chain.view.isBehind(sim.chain.tipHeight) && (await synced(db)()), 60_000);
    expect((await statusCounts(db)).reversed ?? 0).toBe(0);
    const kinds = await outboxKinds(db);
    expect(kinds).not.toContain('reorg_reversal');
    expect(kinds.filter((k) => k === 'node_behind')).toHaveLength(1);
    await waitFor('the node_behind latch clears', async () => (await readChainFollowState(db)).nodeBehind === null);
    await expectLedgerMatches(db, sim, START);
  });

  it('A->B->A deeper than the confirmations: the returning blocks are reversed, then applied again from their snapshots', async () => {
    c = await openCase(basicScenario, 'e2e-aba');
    const db = await t.fresh();
    const { sim } = c;
    await c.start(db, START);
    await waitFor('initial sync', synced(db));
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.mine(1, { kind: 'self' });
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.mine(C + 1, { kind: 'pow' });
    await waitFor('A synced', synced(db));
    const aTip = sim.chain.blockHash(sim.chain.tipHeight);
    const depth = C + 4;
    const aHashes = Array.from({ length: depth }, (_, i) => sim.chain.blockHash(sim.chain.tipHeight - i));

    // B: the applied pool and self blocks of A leave the main chain.
    sim.chain.reorg(depth, [{ kind: 'foreign' }, { kind: 'pow' }, { kind: 'pool' }, ...Array.from({ length: depth - 2 }, () => ({ kind: 'pow' as const }))]);
    await waitFor('B synced', synced(db), 60_000);
    const reversed = (await db.query<{ hash: string }>(`SELECT hash FROM blocks WHERE status = 'reversed'`)).rows.map((r) => r.hash);
    // Every applied block of A that B replaced (depth - C of them, up to C + 4 blocks deep) was reversed.
    expect(reversed).toHaveLength(depth - C);
    expect(reversed.every((h) => aHashes.includes(h))).toBe(true);
    await expectLedgerMatches(db, sim, START);

    // A again, then longer: the same hashes return and are applied as their second application.
    sim.chain.returnToBranch(aTip);
    sim.chain.mine(C + 2, { kind: 'pow' });
    await waitFor('A synced again', synced(db), 60_000);
    expect(await applications(db)).toBe(2);
    const again = await db.query<{ status: string; application: number }>(
      `SELECT status, application FROM blocks WHERE hash = ANY($1) ORDER BY height`, [reversed]);
    expect(again.rows.every((r) => r.status === 'applied' && r.application === 2)).toBe(true);
    await expectLedgerMatches(db, sim, START);
    const kinds = await outboxKinds(db);
    expect(kinds.filter((k) => k === 'pool_reward').length).toBeGreaterThan(kinds.filter((k) => k === 'reorg_reversal').length - 1);
  });

  it('the node disappears mid catch-up and comes back on a different branch', async () => {
    c = await openCase(basicScenario, 'e2e-disappear');
    const db = await t.fresh();
    const { sim } = c;
    await c.start(db, 5100);
    await sleep(700);
    // Down in the middle of our catch-up, back reindexing (warm-up, then climbing from low).
    await sim.stop();
    await sleep(800);
    sim.chain.view.reindex({ warmupMs: 500, fromHeight: 3_000, blocksPerSec: 1_500 });
    await sim.restart();
    await sleep(900);
    // Down again mid-reindex; back on a different branch (replacing blocks deeper than the confirmations).
    await sim.stop();
    sim.chain.view.catchUp();
    sim.chain.reorg(C + 3, [{ kind: 'pool' }, { kind: 'self' }, ...Array.from({ length: C + 2 }, () => ({ kind: 'pow' as const }))]);
    await sleep(500);
    await sim.restart();
    await waitFor('sync after the node came back', synced(db), 120_000);
    await expectLedgerMatches(db, sim, 5100);
    expect(await outboxKinds(db)).toContain('node_unreachable');
  });

  it('the node is switched for another one at a lower height: the pipeline waits, then follows it to the same ledger', async () => {
    c = await openCase(basicScenario, 'e2e-switch');
    const db = await t.fresh();
    const { sim } = c;
    // A second node with the same chain (deterministic scenario), 12 blocks behind the first one.
    const lagging = await startSimulator({ scenario: basicScenario });
    try {
      sim.chain.mine(12, { kind: 'pow' });
      const first = await c.start(db, START);
      await waitFor('sync on the first node', synced(db));
      await first.stop();
      expect(lagging.chain.tipHeight).toBe(sim.chain.tipHeight - 12);
      const p = await startPipeline({ db, redisUrl: c.redis.url, prefix: c.redis.prefix, rpcUrl: lagging.url, staker: lagging.chain.staker.address, startHeight: START, confirmations: C });
      try {
        await waitFor('the watcher waits for the lower node', async () => (await readChainFollowState(db)).nodeBehind !== null);
        expect((await readChainFollowState(db)).nodeBehind).toMatchObject({ blocks: 12 - C, initialBlockDownload: false });
        expect((await statusCounts(db)).reversed ?? 0).toBe(0);
        // The second node gets the same blocks and more.
        lagging.chain.mine(12 + C + 2, { kind: 'pow' });
        expect(lagging.chain.blockHash(sim.chain.tipHeight)).toBe(sim.chain.blockHash(sim.chain.tipHeight));
        await waitFor('sync on the second node', async () =>
          (await appliedThrough(db, lagging.chain.tipHeight - C)) && (await appliedOffChainCount(db)) === 0, 60_000);
        expect((await statusCounts(db)).reversed ?? 0).toBe(0);
        await expectLedgerMatches(db, lagging, START);
      } finally {
        await p.stop();
      }
    } finally {
      await lagging.close();
    }
  });
});
