import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { silentLogger } from '@ppm/runtime';
import type { Db } from '@ppm/ledger';
import { approvePlan, payoutPlanJson, runPayout } from './cli';
import { generateOperatorKey, signApproval } from '@ppm/chain';
import type { ApprovalSigner } from './jobs/approve-plan';
import { SCHEDULER_ID } from './app';
import { createQueue } from '@ppm/queues';
import { listAllBatches, listPlanBatches } from './store/batches.repo';
import { getPlan } from './store/plans.repo';
import { startHarness, type Harness } from './test/harness';
import { TEST_SETTINGS, makeApp, makeBalances, mineAndTrack, newPayments, seedBalances, utxoKeys } from './test/fixture';
import { outboxOf, positions, seedEntries } from './test/seed';

const MANUAL = { ...TEST_SETTINGS, PPM_PAYOUT_APPROVAL: 'manual' as const };
/** The operator's key; the signer trusts only its public key (PPM_OPERATOR_PUBKEYS). */
const OPERATOR = generateOperatorKey();
const operatorSigns: ApprovalSigner = ({ hash, network, expiresAtMs }) => signApproval(OPERATOR.privateKeyPem, network, hash, Date.now(), expiresAtMs);
let h: Harness;
let r: TestRedis;
beforeAll(async () => {
  h = await startHarness({
    delegates: { count: 40, utxosPerDelegate: 1 },
    signerConfig: { PPM_PAYOUT_APPROVAL: 'manual', PPM_OPERATOR_PUBKEYS: OPERATOR.publicKeyHex },
  });
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

  it('waits for approval; the operator-signed approval survives new pool blocks and pays exactly that plan', async () => {
    const balances = makeBalances(h, 3, 0);
    await seedBalances(db, h.sim, balances);
    const dry = await payoutPlanJson(db, MANUAL);
    const first = await runPayout(deps(db), MANUAL);
    expect(first).toEqual({ status: 'waiting_approval', planHash: dry.planHash, batches: [] });
    expect((await outboxOf(db, 'payout_waiting_approval')).map((m) => m.payload.planHash)).toEqual([dry.planHash]);
    expect(await listAllBatches(db)).toEqual([]);

    // The pool stakes two more blocks before the operator approves, and accrual credits them (as it does, at
    // their heights): the waiting plan's cut is older, so its hash and the approval hold.
    h.sim.chain.mine(2, { kind: 'pool' });
    await seedEntries(db, [{ address: balances[0]!.address, sats: 12_345n, height: h.sim.chain.tipHeight }]);
    expect((await payoutPlanJson(db, MANUAL)).planHash).not.toBe(dry.planHash);

    const run = await runPayout(deps(db), MANUAL, { approveHash: dry.planHash, sign: operatorSigns });
    expect(run.status).toBe('broadcast');
    expect(run.planHash).toBe(dry.planHash);
    expect(run.batches.map((b) => b.state)).toEqual(['broadcast', 'broadcast']);
    const stored = await getPlan(db, dry.planHash);
    expect(stored?.operatorApproval?.publicKeyHex).toBe(OPERATOR.publicKeyHex);
    const app = makeApp(db, h, r.redis, r.prefix, {}, MANUAL);
    await app.start();
    try {
      await mineAndTrack(h, app, 2);
      expect((await listAllBatches(db)).map((b) => b.state)).toEqual(['paid', 'paid']);
    } finally {
      await app.stop();
    }
    // Paid exactly the approved amounts; the later reward carries to the next plan.
    const pos = await positions(db);
    expect(pos.get(balances[0]!.address)).toMatchObject({ paid: balances[0]!.sats, balance: 12_345n });
    await expect(approvePlan(db, MANUAL, dry.planHash)).resolves.toMatchObject({ status: 'done' });
  });

  it('a plan marked approved in the database without the operator\'s signature is refused by the signer: nothing paid', async () => {
    const balances = makeBalances(h, 2, 0, 10);
    await seedBalances(db, h.sim, balances);
    const before = utxoKeys(h.sim, balances.map((b) => b.address));
    const waiting = await runPayout(deps(db), MANUAL);
    // Whoever can write to the database "approves" it.
    await db.query(`UPDATE payout_plans SET status = 'approved', approved_by = 'sql' WHERE plan_hash = $1`, [waiting.planHash]);
    // The run executes the "approved" plan first; its released amounts then wait in a new plan for the operator.
    const run = await runPayout(deps(db), MANUAL);
    const forged = await listPlanBatches(db, waiting.planHash!);
    expect(forged.map((b) => b.state)).toEqual(['failed']);
    expect(forged[0]?.error).toMatch(/carries no operator approval/);
    expect(run.status).toBe('waiting_approval');
    expect(run.planHash).not.toBe(waiting.planHash);
    h.sim.chain.mine(1);
    expect([...newPayments(h.sim, before).values()].flat()).toEqual([]);
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
