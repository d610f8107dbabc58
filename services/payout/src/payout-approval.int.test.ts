import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { silentLogger } from '@ppm/runtime';
import type { Db } from '@ppm/ledger';
import { approvePlan, payoutPlanJson, runPayout } from './cli';
import { PlanChangedError } from './jobs/approve-plan';
import { SCHEDULER_ID } from './app';
import { createQueue } from '@ppm/queues';
import { listAllBatches } from './store/batches.repo';
import { getPlan } from './store/plans.repo';
import { startHarness, type Harness } from './test/harness';
import { TEST_SETTINGS, makeApp, makeBalances, mineAndTrack, seedBalances } from './test/fixture';
import { outboxOf, seedEntries } from './test/seed';

const MANUAL = { ...TEST_SETTINGS, PPM_PAYOUT_APPROVAL: 'manual' as const };
let h: Harness;
let r: TestRedis;
beforeAll(async () => {
  h = await startHarness({ delegates: { count: 40, utxosPerDelegate: 1 } });
  r = testRedis('payout-approval');
}, 180_000);
afterAll(async () => {
  await r?.cleanup();
  await h?.close();
});
afterEach(() => h.sim.wallet.assertStakingOnly());

const deps = (db: Db) => ({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() });

withTestDbs('payout manual approval', (t) => {
  let db: Db;
  beforeEach(async () => {
    db = await t.fresh();
  });

  it('waits for approval, executes exactly the approved hash; a changed plan needs a new approval', async () => {
    const balances = makeBalances(h, 3, 0);
    await seedBalances(db, h.sim, balances);
    const dry = await payoutPlanJson(db, MANUAL);
    const first = await runPayout(deps(db), MANUAL);
    expect(first).toEqual({ status: 'waiting_approval', planHash: dry.planHash, batches: [] });
    expect((await outboxOf(db, 'payout_waiting_approval')).map((m) => m.payload.planHash)).toEqual([dry.planHash]);
    expect(await listAllBatches(db)).toEqual([]);

    // New rewards arrive before the operator approves: the old hash is refused and a new plan waits.
    await seedEntries(db, [{ address: balances[0]!.address, sats: 12_345n, height: h.sim.chain.tipHeight + 1 }]);
    const err = await runPayout(deps(db), MANUAL, { approveHash: dry.planHash }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanChangedError);
    const newHash = (err as PlanChangedError).newPlanHash!;
    expect((await getPlan(db, dry.planHash))?.status).toBe('superseded');
    expect(await listAllBatches(db)).toEqual([]);
    await expect(approvePlan(db, MANUAL, dry.planHash)).rejects.toThrow(/superseded/);

    const run = await runPayout(deps(db), MANUAL, { approveHash: newHash });
    expect(run.status).toBe('broadcast');
    expect(run.planHash).toBe(newHash);
    expect(run.batches.map((b) => b.state)).toEqual(['broadcast', 'broadcast']);
    const app = makeApp(db, h, r.redis, r.prefix, {}, MANUAL);
    await app.start();
    try {
      await mineAndTrack(h, app, 2);
      expect((await listAllBatches(db)).map((b) => b.state)).toEqual(['paid', 'paid']);
    } finally {
      await app.stop();
    }
  });

  it('the cron scheduler is registered once and its plan job stores a waiting plan', async () => {
    const balances = makeBalances(h, 1, 0, 30);
    await seedBalances(db, h.sim, balances);
    const prefix = `${r.prefix}_${t.kind}`;
    const app1 = makeApp(db, h, r.redis, prefix, { schedule: true }, MANUAL);
    const app2 = makeApp(db, h, r.redis, prefix, { schedule: true }, MANUAL);
    await app1.start();
    await app2.start();
    const q = createQueue('payouts', r.redis, prefix);
    try {
      const schedulers = await q.queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([[SCHEDULER_ID, '0 0 * * *', 'UTC']]);
      await q.add('plan', { reason: 'manual' });
      const dry = await payoutPlanJson(db, MANUAL);
      for (let i = 0; i < 100 && (await getPlan(db, dry.planHash))?.status !== 'planned'; i++) await new Promise((res) => setTimeout(res, 100));
      expect((await getPlan(db, dry.planHash))?.status).toBe('planned');
      expect(await outboxOf(db, 'payout_waiting_approval')).toHaveLength(1);
    } finally {
      await q.close();
      await app2.stop();
      await app1.stop();
    }
  });
});
