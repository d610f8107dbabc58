import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { silentLogger } from '@ppm/runtime';
import type { Db } from '@ppm/ledger';
import { runPayout } from './cli';
import { CRASH_POINTS, InjectedCrash, type CrashPoint } from './jobs/crash-point';
import { listAllBatches } from './store/batches.repo';
import { startHarness, type Harness } from './test/harness';
import { TEST_SETTINGS, makeApp, makeBalances, mineAndTrack, newPayments, seedBalances, utxoKeys } from './test/fixture';
import { positions } from './test/seed';

let h: Harness;
let r: TestRedis;
beforeAll(async () => {
  h = await startHarness({ delegates: { count: 40, utxosPerDelegate: 1 } });
  r = testRedis('payout-crash');
}, 180_000);
afterAll(async () => {
  await r?.cleanup();
  await h?.close();
});
afterEach(() => h.sim.wallet.assertStakingOnly());

/** A hook that "kills the process" the first time execution reaches `point`. */
function crashOnceAt(point: CrashPoint): (p: CrashPoint) => void {
  let fired = false;
  return (p) => {
    if (p === point && !fired) {
      fired = true;
      throw new InjectedCrash(p);
    }
  };
}

withTestDbs('payout crash injection', (t) => {
  let db: Db;
  beforeEach(async () => {
    db = await t.fresh();
  });

  it.each(CRASH_POINTS)('a crash %s is resumed by a new app: each delegate paid exactly once, nothing lost', async (point) => {
    const balances = makeBalances(h, 3, 1);
    await seedBalances(db, h.sim, balances);
    const before = utxoKeys(h.sim, balances.map((b) => b.address));
    await expect(runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger(), crashAt: crashOnceAt(point) }, TEST_SETTINGS))
      .rejects.toBeInstanceOf(InjectedCrash);

    // The "restarted process": a new app whose start() runs recovery from the stored states.
    const app = makeApp(db, h, r.redis, r.prefix);
    await app.start();
    try {
      const states = (await listAllBatches(db)).map((b) => b.state);
      expect(states.every((s) => s === 'broadcast')).toBe(true);
      await mineAndTrack(h, app, 2);
      const batches = await listAllBatches(db);
      expect(batches.map((b) => b.state)).toEqual(['paid', 'paid']);
      const paid = newPayments(h.sim, before);
      for (const b of balances.slice(0, 3)) expect(paid.get(b.address)).toEqual([b.sats]);
      expect(paid.get(balances[3]!.address)).toEqual([]);
      const pos = await positions(db);
      for (const b of balances.slice(0, 3)) expect(pos.get(b.address)).toEqual({ accrued: b.sats, paid: b.sats, inFlight: 0n, balance: 0n });
      // Nothing left to pay; a further run does not pay again.
      expect((await runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, TEST_SETTINGS)).status).toBe('nothing');
    } finally {
      await app.stop();
    }
  });
  it('two replicas recovering the same open batches at once still make one transaction per batch', async () => {
    const balances = makeBalances(h, 4, 0, 20);
    await seedBalances(db, h.sim, balances);
    const before = utxoKeys(h.sim, balances.map((b) => b.address));
    await expect(runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger(), crashAt: crashOnceAt('after-reserve') }, TEST_SETTINGS))
      .rejects.toBeInstanceOf(InjectedCrash);
    const a = makeApp(db, h, r.redis, r.prefix);
    const b = makeApp(db, h, r.redis, r.prefix);
    await Promise.all([a.start(), b.start()]);
    try {
      await Promise.all([a.tick(), b.tick()]);
      expect(new Set(h.sim.chain.mempoolTxids()).size).toBeGreaterThanOrEqual(2);
      await mineAndTrack(h, a, 2);
      await b.tick();
      expect((await listAllBatches(db)).map((x) => x.state)).toEqual(['paid', 'paid']);
      const paid = newPayments(h.sim, before);
      for (const x of balances) expect(paid.get(x.address)).toEqual([x.sats]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
