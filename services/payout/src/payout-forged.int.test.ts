import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { silentLogger } from '@ppm/runtime';
import type { Db } from '@ppm/ledger';
import { runPayout } from './cli';
import { listPlanBatches } from './store/batches.repo';
import { startHarness, type Harness } from './test/harness';
import { TEST_SETTINGS, newPayments, utxoKeys } from './test/fixture';
import { outboxOf, positions, seedEntries } from './test/seed';

const QTUM = 100_000_000n;

let h: Harness;
let r: TestRedis;
beforeAll(async () => {
  // No imported allowance: only pool blocks on chain back a payout.
  h = await startHarness({ delegates: { count: 6, utxosPerDelegate: 2, belowMinShare: 0, lowFeeShare: 0 }, signerConfig: { PPM_SIGNER_IMPORTED_SATS: 0n } });
  // The pool earns 3 blocks' rewards (1 QTUM each at these heights), buried past the confirmations.
  h.sim.chain.mine(3, { kind: 'pool' });
  h.sim.chain.mine(6);
  r = testRedis('payout-forged');
}, 180_000);
afterAll(async () => {
  await r?.cleanup();
  await h?.close();
});
afterEach(() => h.sim.wallet.assertStakingOnly());

withTestDbs('a plan the chain does not back', (t) => {
  let db: Db;
  beforeEach(async () => { db = await t.fresh(); });

  it('a forged credit written straight into the database is refused by the signer: nothing paid, amounts back', async () => {
    const [a, b] = h.delegates;
    if (!a || !b) throw new Error('harness has no delegates');
    // Someone with database access credits 50 QTUM to a delegate the pool earned 3 QTUM for in all.
    await seedEntries(db, [{ address: a, sats: 50n * QTUM, height: h.sim.chain.tipHeight }, { address: b, sats: QTUM / 2n, height: h.sim.chain.tipHeight }]);
    const before = utxoKeys(h.sim, [a, b]);
    const run = await runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, TEST_SETTINGS);
    const batches = await listPlanBatches(db, run.planHash ?? '');
    expect(batches.map((x) => x.state)).toEqual(['failed']);
    expect(batches[0]?.error ?? '').toMatch(/earned on chain/);
    h.sim.chain.mine(1);
    expect([...newPayments(h.sim, before).values()].flat()).toEqual([]);
    expect(h.sim.chain.mempoolTxids()).toEqual([]);
    const pos = await positions(db);
    expect(pos.get(a)).toMatchObject({ inFlight: 0n, paid: 0n, balance: 50n * QTUM });
    // The operator is told, as critical.
    expect((await outboxOf(db, 'payout_failed')).map((m) => m.severity)).toEqual(['critical']);
  });
});
