/**
 * Settlement from the chain, never from an error code (services/payout/README.md "Settlement"), on the
 * simulator behaving as qtumd 27.1: -25 for our own mined tx once its outputs are all spent, -5 while the
 * txindex is built, a parent lost by this node but kept by its peers, a dropped tx mined after a deep reorg,
 * and a funding refusal. Each test checks what the CHAIN paid every delegate, not only the ledger.
 */
import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { silentLogger } from '@ppm/runtime';
import type { Db } from '@ppm/ledger';
import { createQtumRpcClient } from '@ppm/qtum-rpc';
import type { SimHandle } from '@ppm/qtum-sim';
import { runPayout } from './cli';
import { InjectedCrash, type CrashPoint } from './jobs/crash-point';
import { listAllBatches } from './store/batches.repo';
import { startHarness, type Harness } from './test/harness';
import { TEST_SETTINGS, makeApp, makeBalances, seedBalances } from './test/fixture';
import { outboxOf, positions } from './test/seed';

const N = TEST_SETTINGS.PPM_PAYOUT_CONFIRMATIONS;
let h: Harness;
let r: TestRedis;
beforeAll(async () => {
  h = await startHarness({ delegates: { count: 40, utxosPerDelegate: 1 } });
  r = testRedis('payout-settlement');
}, 180_000);
afterAll(async () => {
  await r?.cleanup();
  await h?.close();
});
afterEach(() => {
  h.sim.chain.txindexBuilding = false;
  h.sim.faults.clear();
  h.sim.wallet.assertStakingOnly();
});

function crashOnceAt(point: CrashPoint): (p: CrashPoint) => void {
  let fired = false;
  return (p) => {
    if (p === point && !fired) {
      fired = true;
      throw new InjectedCrash(p);
    }
  };
}

/** Every output ever mined paying each address since `fromHeight` (spent or not): what the chain paid. */
function chainPayments(sim: SimHandle, addresses: readonly string[], fromHeight: number): Map<string, bigint[]> {
  const scripts = new Map(addresses.map((a) => [`76a914${sim.chain.hash160Of(a)}88ac`, a]));
  const out = new Map<string, bigint[]>(addresses.map((a) => [a, []]));
  for (let height = fromHeight + 1; height <= sim.chain.tipHeight; height++) {
    for (const t of sim.chain.block(height)?.txs ?? []) {
      if (t.isCoinbase || t.isCoinstake) continue;
      for (const o of t.tx.vout) {
        const a = scripts.get(o.script);
        if (a) out.get(a)?.push(o.value);
      }
    }
  }
  return out;
}

/** Every spendable output of a tx (an OP_RETURN output never enters the UTXO set). */
const spendable = (tx: { vout: readonly { scriptPubKey: { type: string } }[] }, txid: string): string[] =>
  tx.vout.flatMap((o, n) => (o.scriptPubKey.type === 'nulldata' ? [] : [`${txid}:${n}`]));

const run = (db: Db, crashAt?: (p: CrashPoint) => void) =>
  runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger(), ...(crashAt ? { crashAt } : {}) }, TEST_SETTINGS);

withTestDbs('payout settlement from the chain', (t) => {
  let db: Db;
  beforeEach(async () => {
    db = await t.fresh();
  });

  it('late answer: accepted, process dies before recording, mined, all outputs spent, restart while txindex builds: paid once, never dropped', async () => {
    const balances = makeBalances(h, 2, 0, 0);
    await seedBalances(db, h.sim, balances);
    const h0 = h.sim.chain.tipHeight;
    await expect(run(db, crashOnceAt('after-broadcast'))).rejects.toBeInstanceOf(InjectedCrash);
    const [signed] = await listAllBatches(db);
    expect(signed?.state).toBe('signed');
    const txid = signed!.txid!;
    expect(h.sim.chain.mempoolTxids()).toContain(txid);
    h.sim.chain.mine(1);
    // Every output of the payout (the delegates' and the change) is spent: qtumd now answers -25, not -27.
    const mined = await h.rpc.getrawtransaction(txid);
    h.sim.chain.spendOutputs(spendable(mined, txid));
    h.sim.chain.mine(N + 3);
    await expect(h.rpc.sendrawtransaction(signed!.rawTx!)).rejects.toMatchObject({ code: -25 });

    h.sim.chain.txindexBuilding = true;
    const app = makeApp(db, h, r.redis, r.prefix);
    await app.start();
    try {
      for (let i = 0; i < 3; i++) {
        h.sim.chain.mine(N);
        await app.tick();
      }
      const [waiting] = await listAllBatches(db);
      expect(waiting?.state).toBe('signed');
      expect(waiting?.error).toMatch(/spent by this very tx/);
      // Waiting that long is safe but not normal: one critical alert asks the operator to look at the node.
      const stuck = await outboxOf(db, 'payout_stuck');
      expect(stuck.map((m) => m.severity)).toEqual(['critical']);
      expect(String(stuck[0]?.payload.reason)).toMatch(/-txindex/);
      expect((await positions(db)).get(balances[0]!.address)?.inFlight).toBe(balances[0]!.sats);

      h.sim.chain.txindexBuilding = false;
      await app.tick();
      expect((await listAllBatches(db)).map((b) => [b.state, b.error])).toEqual([['confirmed', null]]);
      await app.tick();
      expect((await listAllBatches(db)).map((b) => b.state)).toEqual(['paid']);
      expect(await outboxOf(db, 'payout_failed')).toEqual([]);
      const pos = await positions(db);
      for (const b of balances) expect(pos.get(b.address)).toEqual({ accrued: b.sats, paid: b.sats, inFlight: 0n, balance: 0n });
      const onChain = chainPayments(h.sim, balances.map((b) => b.address), h0);
      for (const b of balances) expect(onChain.get(b.address)).toEqual([b.sats]);
      expect((await run(db)).status).toBe('nothing');
    } finally {
      await app.stop();
    }
  });

  it('late answer, literally: the node accepts but its reply never arrives in time; mined, outputs spent; restart: paid once', async () => {
    const balances = makeBalances(h, 2, 0, 5);
    await seedBalances(db, h.sim, balances);
    const h0 = h.sim.chain.tipHeight;
    // Every attempt of sendrawtransaction is accepted by the node and answered after the client gave up.
    const impatient = createQtumRpcClient({ url: h.sim.url, timeoutMs: 200, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
    h.sim.faults.inject({ method: 'sendrawtransaction', kind: 'late-reply', delayMs: 1_000, times: 5 });
    try {
      await expect(runPayout({ db, rpc: impatient, signer: h.signer, log: silentLogger() }, TEST_SETTINGS)).rejects.toThrow(/not accepted yet/);
    } finally {
      impatient.close();
    }
    const [b] = await listAllBatches(db);
    expect(b?.state).toBe('signed');
    expect(h.sim.chain.mempoolTxids()).toContain(b!.txid);
    // "The payout process dies" here; the chain goes on: mined, every output spent, buried.
    h.sim.chain.mine(1);
    const mined = await h.rpc.getrawtransaction(b!.txid!);
    h.sim.chain.spendOutputs(spendable(mined, b!.txid!));
    h.sim.chain.mine(N + 3);
    const app = makeApp(db, h, r.redis, r.prefix);
    await app.start();
    try {
      await app.tick();
      expect((await listAllBatches(db)).map((x) => x.state)).toEqual(['paid']);
      expect(await outboxOf(db, 'payout_failed')).toEqual([]);
      const onChain = chainPayments(h.sim, balances.map((x) => x.address), h0);
      for (const x of balances) expect(onChain.get(x.address)).toEqual([x.sats]);
      expect((await run(db)).status).toBe('nothing');
    } finally {
      await app.stop();
    }
  });

  it('a parent lost by this node (previous batch\'s unconfirmed change): the child waits with an alert, then both pay once', async () => {
    const balances = makeBalances(h, 4, 0, 10);
    await seedBalances(db, h.sim, balances);
    const h0 = h.sim.chain.tipHeight;
    // The wallet may spend one confirmed coin only: the second batch must spend the first one's unconfirmed change.
    const coins = await h.rpc.listunspent();
    const others = coins.slice(1).map((c) => ({ txid: c.txid, vout: c.vout }));
    await h.rpc.lockunspent(false, others);
    let result;
    try {
      result = await run(db);
    } finally {
      await h.rpc.lockunspent(true, others);
    }
    const [parent, child] = result.batches.map((b) => b.txid!);
    const childTx = await h.rpc.decoderawtransaction((await listAllBatches(db)).find((b) => b.txid === child)!.rawTx!);
    expect(childTx.vin.map((i) => i.txid)).toContain(parent);

    expect(h.sim.chain.loseFromMempool(parent!).sort()).toEqual([parent, child].sort());
    // The re-send of the parent is refused in the recovery pass (mempool full), so the child meets a missing parent.
    h.sim.faults.inject({ method: 'sendrawtransaction', kind: 'rpc-error', code: -26, message: 'mempool full', times: 1 });
    const app = makeApp(db, h, r.redis, r.prefix);
    await app.start();
    try {
      const batches = await listAllBatches(db);
      expect(batches.map((b) => b.state)).toEqual(['broadcast', 'broadcast']);
      expect(batches.find((b) => b.txid === child)?.error).toMatch(/unknown to this node/);
      const stuck = await outboxOf(db, 'payout_stuck');
      expect(stuck.map((m) => [m.severity, m.payload.txid])).toEqual([['critical', child]]);
      expect(await outboxOf(db, 'payout_failed')).toEqual([]);

      // A peer's block brings the parent back; the child is re-sent and both confirm.
      h.sim.chain.mine(1, { kind: 'foreign' });
      await app.tick();
      h.sim.chain.mine(N);
      await app.tick();
      expect((await listAllBatches(db)).map((b) => b.state)).toEqual(['paid', 'paid']);
      const onChain = chainPayments(h.sim, balances.map((b) => b.address), h0);
      for (const b of balances) expect(onChain.get(b.address)).toEqual([b.sats]);
      expect((await outboxOf(db, 'payout_stuck'))).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });

  it('dropped only once a different spender is buried deep enough; a deep reorg later mines it: the ledger records it as paid, critical alert', async () => {
    const balances = makeBalances(h, 2, 0, 20);
    await seedBalances(db, h.sim, balances);
    const h0 = h.sim.chain.tipHeight;
    const result = await run(db);
    const txid = result.batches[0]!.txid!;
    const conflict = h.sim.chain.conflictInMempool(txid);
    const conflictHeight = h.sim.chain.tipHeight;
    const app = makeApp(db, h, r.redis, r.prefix);
    await app.start();
    try {
      let [b] = await listAllBatches(db);
      expect([b?.state, b?.spentByTxid]).toEqual(['broadcast', conflict]);
      expect((await outboxOf(db, 'payout_stuck')).map((m) => m.payload.batchId)).toEqual([b?.batchId]);
      h.sim.chain.mine(N);
      await app.tick();
      [b] = await listAllBatches(db);
      expect([b?.state, b?.spentByTxid]).toEqual(['dropped', conflict]);
      expect(b?.watchUntilHeight).toBe(h.sim.chain.tipHeight + TEST_SETTINGS.PPM_PAYOUT_DROP_WATCH_BLOCKS);
      const released = await positions(db);
      for (const x of balances) expect(released.get(x.address)?.balance).toBe(x.sats);

      // A reorg deeper than N takes the conflicting spend away; a peer re-broadcasts our old tx; it is mined.
      const depth = h.sim.chain.tipHeight - conflictHeight + 1;
      h.sim.chain.reorg(depth, Array.from({ length: depth + 1 }, () => ({ kind: 'pow' as const, includeMempool: false })));
      h.sim.chain.dropFromMempool(conflict);
      expect(await h.rpc.sendrawtransaction(b!.rawTx!)).toBe(txid);
      h.sim.chain.mine(N);
      await app.tick();
      [b] = await listAllBatches(db);
      expect(b?.state).toBe('dropped');
      expect(b?.lateConfirmedHeight).toBe(h.sim.chain.tipHeight - N + 1);
      const late = await outboxOf(db, 'payout_dropped_confirmed');
      expect(late.map((m) => [m.severity, m.payload.txid])).toEqual([['critical', txid]]);
      const pos = await positions(db);
      for (const x of balances) expect(pos.get(x.address)).toEqual({ accrued: x.sats, paid: x.sats, inFlight: 0n, balance: 0n });
      const onChain = chainPayments(h.sim, balances.map((x) => x.address), h0);
      for (const x of balances) expect(onChain.get(x.address)).toEqual([x.sats]);
      // Recorded once: another pass changes nothing.
      h.sim.chain.mine(1);
      await app.tick();
      expect(await outboxOf(db, 'payout_dropped_confirmed')).toHaveLength(1);
      expect((await run(db)).status).toBe('nothing');
    } finally {
      await app.stop();
    }
  });

  it('a funding refusal (-4 Insufficient funds) is permanent: failed at once, amounts back, critical alert, never retried', async () => {
    const balances = makeBalances(h, 2, 0, 30);
    await seedBalances(db, h.sim, balances);
    h.sim.faults.inject({ method: 'fundrawtransaction', kind: 'rpc-error', code: -4, message: 'Insufficient funds' });
    const result = await run(db);
    expect(result.batches.map((b) => [b.state, b.txid])).toEqual([['failed', null]]);
    const [b] = await listAllBatches(db);
    expect(b?.error).toMatch(/funding refused.*-4: Insufficient funds/);
    const failed = await outboxOf(db, 'payout_failed');
    expect(failed.map((m) => m.severity)).toEqual(['critical']);
    expect(String(failed[0]?.payload.reason)).toMatch(/funding refused/);
    const pos = await positions(db);
    for (const x of balances) expect(pos.get(x.address)).toEqual({ accrued: x.sats, paid: 0n, inFlight: 0n, balance: x.sats });
    const funds = h.sim.wallet.calls().filter((c) => c.method === 'fundrawtransaction').length;
    const app = makeApp(db, h, r.redis, r.prefix);
    await app.start();
    try {
      await app.tick();
      expect(h.sim.wallet.calls().filter((c) => c.method === 'fundrawtransaction').length).toBe(funds);
    } finally {
      await app.stop();
    }
  });
});
