import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { silentLogger } from '@ppm/runtime';
import type { Db } from '@ppm/ledger';
import { listPayouts, runPayout } from './cli';
import { listPlanBatches } from './store/batches.repo';
import { legacyTxid } from './jobs/sign-batch';
import { getPlan } from './store/plans.repo';
import { startHarness, type Harness } from './test/harness';
import { TEST_SETTINGS, makeApp, makeBalances, mineAndTrack, newPayments, seedBalances, utxoKeys } from './test/fixture';
import { outboxOf, positions } from './test/seed';

let h: Harness;
let r: TestRedis;
beforeAll(async () => {
  h = await startHarness({ delegates: { count: 40, utxosPerDelegate: 1 } });
  r = testRedis('payout-cycle');
}, 180_000);
afterAll(async () => {
  await r?.cleanup();
  await h?.close();
});
afterEach(() => {
  // The original left the wallet locked (staking stopped) or fully unlocked; the signer must always restore.
  h.sim.wallet.assertStakingOnly();
});

withTestDbs('payout full cycle', (t) => {
  let db: Db;
  beforeEach(async () => {
    db = await t.fresh();
  });

  it('pays balances >= minimum in several batches, carries the rest, and follows them to paid', async () => {
    const balances = makeBalances(h, 5, 2);
    await seedBalances(db, h.sim, balances);
    const before = utxoKeys(h.sim, balances.map((b) => b.address));
    const app = makeApp(db, h, r.redis, r.prefix);
    await app.start();
    try {
      const run = await runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, TEST_SETTINGS);
      expect(run.status).toBe('broadcast');
      expect(run.batches.map((b) => b.state)).toEqual(['broadcast', 'broadcast', 'broadcast']);
      expect(run.batches.map((b) => b.outputCount)).toEqual([2, 2, 1]);
      const broadcast = await outboxOf(db, 'payout_broadcast');
      expect(broadcast).toHaveLength(1);
      expect(broadcast[0]?.payload.txids).toEqual(run.batches.map((b) => b.txid));

      let pos = await positions(db);
      for (const b of balances.slice(0, 5)) expect(pos.get(b.address)).toEqual({ accrued: b.sats, paid: 0n, inFlight: b.sats, balance: 0n });
      for (const b of balances.slice(5)) expect(pos.get(b.address)).toEqual({ accrued: b.sats, paid: 0n, inFlight: 0n, balance: b.sats });

      await mineAndTrack(h, app);
      expect((await listPlanBatches(db, run.planHash!)).map((b) => [b.state, b.confirmations])).toEqual([['confirmed', 1], ['confirmed', 1], ['confirmed', 1]]);
      await mineAndTrack(h, app);
      expect((await listPlanBatches(db, run.planHash!)).map((b) => b.state)).toEqual(['paid', 'paid', 'paid']);
      expect((await getPlan(db, run.planHash!))?.status).toBe('done');
      // The stored txid is the hash of the stored bytes (checked before storing; proves the check is not vacuous).
      for (const b of await listPlanBatches(db, run.planHash!)) expect(legacyTxid(b.rawTx!)).toBe(b.txid);

      pos = await positions(db);
      for (const b of balances.slice(0, 5)) expect(pos.get(b.address)).toEqual({ accrued: b.sats, paid: b.sats, inFlight: 0n, balance: 0n });
      for (const b of balances.slice(5)) expect(pos.get(b.address)?.balance).toBe(b.sats);
      const paid = newPayments(h.sim, before);
      for (const b of balances.slice(0, 5)) expect(paid.get(b.address)).toEqual([b.sats]);
      for (const b of balances.slice(5)) expect(paid.get(b.address)).toEqual([]);
      expect(await outboxOf(db, 'payout_confirmed')).toHaveLength(3);

      const listing = await listPayouts(db, h.rpc);
      expect(listing).toHaveLength(3);
      for (const row of listing) {
        expect(Object.keys(row).sort()).toEqual(['batchId', 'confirmations', 'outputs', 'planHash', 'state', 'txid']);
        expect(row.confirmations).toBeGreaterThanOrEqual(2);
        expect(typeof row.outputs[0]?.amountSats).toBe('string');
      }
      // A second run finds nothing to pay.
      expect((await runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, TEST_SETTINGS)).status).toBe('nothing');
    } finally {
      await app.stop();
    }
  });
});
