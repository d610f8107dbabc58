import { credentials, InterceptingCall, status, type Interceptor } from '@grpc/grpc-js';
import { SignerServiceClient } from '@ppm/proto';
import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { silentLogger } from '@ppm/runtime';
import type { Db } from '@ppm/ledger';
import { runPayout } from './cli';
import { listAllBatches } from './store/batches.repo';
import { getPlan } from './store/plans.repo';
import { planPayout } from './jobs/propose-plan';
import { startHarness, type Harness } from './test/harness';
import { TEST_SETTINGS, makeApp, makeBalances, mineAndTrack, newPayments, seedBalances, utxoKeys } from './test/fixture';
import { outboxOf, positions } from './test/seed';

let h: Harness;
let r: TestRedis;
beforeAll(async () => {
  h = await startHarness({ delegates: { count: 40, utxosPerDelegate: 1 } });
  r = testRedis('payout-failures');
}, 180_000);
afterAll(async () => {
  await r?.cleanup();
  await h?.close();
});
afterEach(() => h.sim.wallet.assertStakingOnly());

/** The signer's reply is lost on the way back: the signer signed and journalled, the caller sees UNAVAILABLE. */
const loseReply: Interceptor = (options, nextCall) => new InterceptingCall(nextCall(options), {
  start(metadata, _listener, next) {
    // The reply message still arrives at the interceptor, but the call ends UNAVAILABLE, so the caller's callback
    // gets only the error: exactly what a connection reset after the server answered looks like.
    next(metadata, {
      onReceiveStatus(st, nextStatus) {
        nextStatus({ ...st, code: status.UNAVAILABLE, details: 'connection reset (test: reply lost)' });
      },
    });
  },
});

withTestDbs('payout failures', (t) => {
  let db: Db;
  beforeEach(async () => {
    db = await t.fresh();
  });

  it('a lost signer reply: the retry gets the same transaction from the journal, paid once', async () => {
    const balances = makeBalances(h, 2, 0);
    await seedBalances(db, h.sim, balances);
    const before = utxoKeys(h.sim, balances.map((b) => b.address));
    const lossy = new SignerServiceClient(h.signerUrl, credentials.createSsl(h.tls.ca, h.tls.key, h.tls.cert), { interceptors: [loseReply] });
    try {
      await expect(runPayout({ db, rpc: h.rpc, signer: lossy, log: silentLogger() }, TEST_SETTINGS)).rejects.toThrow(/did not sign/);
    } finally {
      lossy.close();
    }
    const [reserved] = await listAllBatches(db);
    expect(reserved?.state).toBe('reserved');
    const journal = await new Promise<{ txid: string }>((resolve, reject) =>
      h.signer.getBatchStatus({ batchId: reserved!.batchId }, (err, res) => (err ? reject(err) : resolve(res))));
    expect(journal.txid).toMatch(/^[0-9a-f]{64}$/);

    const run = await runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, TEST_SETTINGS);
    expect(run.status).toBe('broadcast');
    expect(run.batches[0]?.txid).toBe(journal.txid);
    const app = makeApp(db, h, r.redis, r.prefix);
    await app.start();
    try {
      await mineAndTrack(h, app, 2);
      expect((await listAllBatches(db)).map((b) => b.state)).toEqual(['paid']);
      const paid = newPayments(h.sim, before);
      for (const b of balances) expect(paid.get(b.address)).toEqual([b.sats]);
    } finally {
      await app.stop();
    }
  });

  it('a tx evicted from the mempool is re-broadcast, not dropped', async () => {
    const balances = makeBalances(h, 2, 0, 10);
    await seedBalances(db, h.sim, balances);
    const run = await runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, TEST_SETTINGS);
    const txid = run.batches[0]!.txid!;
    expect(h.sim.chain.dropFromMempool(txid)).toBe(true);
    const app = makeApp(db, h, r.redis, r.prefix);
    await app.start();
    try {
      expect(h.sim.chain.mempoolTxids()).toContain(txid);
      await mineAndTrack(h, app, 2);
      expect((await listAllBatches(db)).map((b) => b.state)).toEqual(['paid']);
    } finally {
      await app.stop();
    }
  });

  it('a tx whose inputs are spent elsewhere is dropped after depth: amounts return to balances, critical alert', async () => {
    const balances = makeBalances(h, 2, 0, 20);
    await seedBalances(db, h.sim, balances);
    const before = utxoKeys(h.sim, balances.map((b) => b.address));
    const run = await runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, TEST_SETTINGS);
    const txid = run.batches[0]!.txid!;
    h.sim.chain.conflictInMempool(txid);
    const app = makeApp(db, h, r.redis, r.prefix);
    await app.start();
    try {
      let [b] = await listAllBatches(db);
      expect(b?.state).toBe('broadcast');
      expect(b?.inputsMissingSinceHeight).toBe(h.sim.chain.tipHeight);
      expect((await positions(db)).get(balances[0]!.address)?.inFlight).toBe(balances[0]!.sats);
      await mineAndTrack(h, app, TEST_SETTINGS.PPM_PAYOUT_CONFIRMATIONS);
      [b] = await listAllBatches(db);
      expect(b?.state).toBe('dropped');
      expect((await getPlan(db, run.planHash!))?.status).toBe('done');
      const pos = await positions(db);
      for (const x of balances) expect(pos.get(x.address)).toEqual({ accrued: x.sats, paid: 0n, inFlight: 0n, balance: x.sats });
      const failed = await outboxOf(db, 'payout_failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]?.severity).toBe('critical');
      expect(failed[0]?.payload.txid).toBe(txid);
      for (const x of balances) expect(newPayments(h.sim, before).get(x.address)).toEqual([]);
      // The next plan pays the same amounts under a new hash (new batch ids: the signer signs afresh).
      const next = await planPayout(db, TEST_SETTINGS);
      expect(next.hash).not.toBe(run.planHash);
      expect(next.totalSats).toBe(balances.reduce((s, x) => s + x.sats, 0n));
    } finally {
      await app.stop();
    }
  });
  it('a batch the signer refuses (recipient never delegated) is failed: nothing signed, amounts back, alert', async () => {
    const stranger = h.sim.chain.addKey(`stranger-${t.kind}-${Date.now()}`).address;
    const [delegate] = makeBalances(h, 1, 0, 35);
    const balances = [delegate!, { address: stranger, sats: 500_000n }];
    await seedBalances(db, h.sim, balances);
    const run = await runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, TEST_SETTINGS);
    expect(run.batches.map((b) => [b.state, b.txid])).toEqual([['failed', null]]);
    expect((await getPlan(db, run.planHash!))?.status).toBe('done');
    const pos = await positions(db);
    for (const x of balances) expect(pos.get(x.address)).toEqual({ accrued: x.sats, paid: 0n, inFlight: 0n, balance: x.sats });
    const failed = await outboxOf(db, 'payout_failed');
    expect(failed.map((m) => [m.severity, m.payload.txid])).toEqual([['critical', null]]);
    expect(String(failed[0]?.payload.reason)).toMatch(/never delegated/);
    // A re-plan is a new plan (new batch ids), not the refused one again.
    expect((await planPayout(db, TEST_SETTINGS)).hash).not.toBe(run.planHash);
  });
});
