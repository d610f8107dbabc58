import { readFile, rm, writeFile } from 'node:fs/promises';
import { status } from '@grpc/grpc-js';
import { buildPayoutTree, decodeAddress, encodeAddress, p2pkhScriptHex, rootFromScriptHex } from '@ppm/chain';
import { BatchSigningState } from '@ppm/proto';
import { callError, getBatchStatus, signBatch } from '../test/grpc-call';
import { makePlan } from '../test/plan-fixture';
import { TEST_PASSPHRASE, makeCerts, startFixture, type SignerFixture } from '../test/signer-harness';

const QTUM = 100_000_000n;

describe('SignBatch', () => {
  let certs: Awaited<ReturnType<typeof makeCerts>>;
  let f: SignerFixture;

  beforeAll(async () => { certs = await makeCerts(); });
  beforeEach(async () => { f = await startFixture({ certs: certs.main }); });
  afterEach(async () => {
    // Every test, whatever it did, must leave the wallet unlocked for staking only, and never log the passphrase.
    try {
      f.sim.wallet.assertStakingOnly();
      expect(f.sim.wallet.calls().map((c) => c.method)).not.toContain('walletlock');
      expect(f.logs.text()).not.toContain(TEST_PASSPHRASE);
    } finally {
      await f.close();
    }
  });
  afterAll(async () => { await rm(certs.dir, { recursive: true, force: true }); });

  // walletpassphrase params as logged by the simulator (the passphrase removed): timeout, stakingOnly.
  const walletCalls = () => f.sim.wallet.calls().map((c) => `${c.method}${c.method === 'walletpassphrase' ? `(${c.params.map(String).join(',')})` : ''}`);
  const lockedCoins = () => f.rpc.listlockunspent();

  it('signs a valid batch: the tx pays exactly the batch plus change to S, and is journalled', async () => {
    // D delegated and then left: still owed, so still payable.
    const plan = makePlan([[[f.addr.A, 150_000_000n], [f.addr.B, 225_000_000n], [f.addr.D, 100_000n]]]);
    const res = await signBatch(f.client, plan.request(0));
    expect(res.replayed).toBe(false);
    expect(res.batchId).toBe(plan.batchIds[0]);

    const tx = await f.rpc.decoderawtransaction(res.rawTxHex);
    expect(tx.txid).toBe(res.txid);
    const paid = new Map(tx.vout.map((o) => [o.scriptPubKey.hex, o.valueSats]));
    const script = (a: string) => p2pkhScriptHex(decodeAddress(a, 'regtest').hash160Hex);
    expect(paid.get(script(f.addr.A))).toBe(150_000_000n);
    expect(paid.get(script(f.addr.B))).toBe(225_000_000n);
    expect(paid.get(script(f.addr.D))).toBe(100_000n);
    expect(paid.get(script(f.sim.wallet.address))).toBe(BigInt(res.changeSats));
    expect(tx.vout).toHaveLength(5);
    // One OP_RETURN: "PPM1" and the Merkle root of the plan's outputs, recomputed here independently of the signer.
    const nulldata = tx.vout.filter((o) => o.scriptPubKey.type === 'nulldata');
    expect(nulldata).toHaveLength(1);
    expect(nulldata[0]?.valueSats).toBe(0n);
    const expectedRoot = buildPayoutTree([
      { address: f.addr.A, amountSats: 150_000_000n }, { address: f.addr.B, amountSats: 225_000_000n }, { address: f.addr.D, amountSats: 100_000n },
    ], 'regtest').root;
    expect(rootFromScriptHex(nulldata[0]?.scriptPubKey.hex ?? '')).toBe(expectedRoot);
    expect(tx.vin.every((i) => i.sequence === 0xfffffffe)).toBe(true); // not replaceable
    const fee = BigInt(res.feeSats);
    expect(fee >= 400n * BigInt(tx.vsize) && fee <= 2_000n * BigInt(tx.vsize)).toBe(true);

    // Unlock for at most 30 s, sign, back to staking-only; never walletlock.
    expect(walletCalls().filter((c) => c.startsWith('walletpassphrase') || c === 'signrawtransactionwithwallet'))
      .toEqual(['walletpassphrase(30,false)', 'signrawtransactionwithwallet', 'walletpassphrase(99999999,true)']);
    // The node accepts it: it is fully signed.
    await expect(f.rpc.sendrawtransaction(res.rawTxHex)).resolves.toBe(res.txid);

    const line = JSON.parse((await readFile(f.journalFile, 'utf8')).trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ batchId: plan.batchIds[0], planHash: plan.hash, txid: res.txid, rawTxHex: res.rawTxHex, feeSats: res.feeSats });
    const st = await getBatchStatus(f.client, plan.batchIds[0]!);
    expect(st).toMatchObject({ state: BatchSigningState.BATCH_SIGNING_STATE_SIGNED, txid: res.txid, planHash: plan.hash, rawTxHex: res.rawTxHex });
    expect(f.logs.lines().some((l) => l.audit === 'signed' && l.batchId === plan.batchIds[0] && l.peer === 'payout')).toBe(true);
  });

  it('returns the same tx for a retried batch, without any node call, also after a restart', async () => {
    const plan = makePlan([[[f.addr.A, 100_000_000n]], [[f.addr.B, 200_000_000n]]]);
    const first = await signBatch(f.client, plan.request(1));
    const nodeCalls = f.nodeCalls.length;
    const wallet = f.sim.wallet.calls().length;
    const again = await signBatch(f.client, plan.request(1));
    expect(again).toEqual({ ...first, replayed: true });
    expect(f.nodeCalls.length).toBe(nodeCalls);
    expect(f.sim.wallet.calls().length).toBe(wallet);

    await f.stopSigner();
    const g = await startFixture({ certs: certs.main, sim: f.sim, dataDir: f.journalFile.replace(/\/signer-journal\.jsonl$/, '') });
    try {
      const afterRestart = await signBatch(g.client, plan.request(1));
      expect(afterRestart).toEqual({ ...first, replayed: true });
      expect(g.nodeCalls).toEqual([]);
    } finally {
      await g.close();
    }
  });

  it('commits the same whole-plan root in every batch; refuses a plan that pays an address in two batches', async () => {
    const plan = makePlan([[[f.addr.A, 100_000_000n]], [[f.addr.B, 200_000_000n]]]);
    const roots = [];
    for (const i of [0, 1]) {
      const res = await signBatch(f.client, plan.request(i));
      const tx = await f.rpc.decoderawtransaction(res.rawTxHex);
      roots.push(tx.vout.map((o) => rootFromScriptHex(o.scriptPubKey.hex)).filter((r) => r !== undefined));
    }
    const whole = buildPayoutTree([{ address: f.addr.A, amountSats: 100_000_000n }, { address: f.addr.B, amountSats: 200_000_000n }], 'regtest').root;
    expect(roots).toEqual([[whole], [whole]]);

    const twice = makePlan([[[f.addr.A, 100_000_000n]], [[f.addr.A, 100_000_001n]]]);
    const err = await callError(signBatch(f.client, twice.request(0)));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/pays .* twice/);
  });

  it('signs concurrent duplicates once: one signs, the other replays', async () => {
    const plan = makePlan([[[f.addr.A, 120_000_000n]]]);
    const [a, b] = await Promise.all([signBatch(f.client, plan.request(0)), signBatch(f.client, plan.request(0))]);
    expect(a.txid).toBe(b.txid);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(walletCalls().filter((c) => c === 'signrawtransactionwithwallet')).toHaveLength(1);
  });

  it('refuses a recipient that never delegated to S, before unlocking, with an audit line', async () => {
    const plan = makePlan([[[f.addr.A, 100_000_000n], [f.addr.C, 100_000_000n]]]);
    const err = await callError(signBatch(f.client, plan.request(0)));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toContain(`${f.addr.C} has never delegated`);
    expect(walletCalls()).toEqual([]);
    const audit = f.logs.lines().find((l) => l.audit === 'refused');
    expect(audit).toMatchObject({ batchId: plan.batchIds[0], planHash: plan.hash, kind: 'denied' });
    expect(String(audit?.reason)).toContain('never delegated');
  });

  it('refuses a P2SH recipient and one of another network', async () => {
    const hashA = decodeAddress(f.addr.A, 'regtest').hash160Hex;
    for (const [address, why] of [[encodeAddress(hashA, 'regtest', 'p2sh'), /not a P2PKH/], [encodeAddress(hashA, 'mainnet'), /not a regtest address/]] as const) {
      const err = await callError(signBatch(f.client, makePlan([[[address, 100_000_000n]]]).request(0)));
      expect(err.code).toBe(status.PERMISSION_DENIED);
      expect(err.details).toMatch(why);
    }
    expect(f.nodeCalls).toEqual([]);
  });

  it('refuses a wrong plan hash and a batch id that is not in the plan (INVALID_ARGUMENT, no node call)', async () => {
    const plan = makePlan([[[f.addr.A, 100_000_000n]]]);
    const wrongHash = await callError(signBatch(f.client, { ...plan.request(0), planHash: 'f'.repeat(64) }));
    expect(wrongHash.code).toBe(status.INVALID_ARGUMENT);
    expect(wrongHash.details).toMatch(/does not match the plan's contents/);
    const notInPlan = await callError(signBatch(f.client, { ...plan.request(0), batchId: `${plan.hash.slice(0, 32)}-5` }));
    expect(notInPlan.code).toBe(status.INVALID_ARGUMENT);
    expect(notInPlan.details).toMatch(/not one of the plan's batches/);
    const badAmount = makePlan([[[f.addr.A, 100_000_000n]]]).request(0);
    badAmount.plan!.batches[0]!.outputs[0]!.amountSats = '1.5';
    expect((await callError(signBatch(f.client, badAmount))).code).toBe(status.INVALID_ARGUMENT);
    expect(f.nodeCalls).toEqual([]);
  });

  it('refuses a changed batch under a used batch id (FAILED_PRECONDITION)', async () => {
    const plan = makePlan([[[f.addr.A, 100_000_000n]]]);
    const signed = await signBatch(f.client, plan.request(0));
    // The same id with other outputs under the old hash claim ...
    const tampered = plan.request(0);
    tampered.plan!.batches[0]!.outputs[0]!.amountSats = '900000000';
    const e1 = await callError(signBatch(f.client, tampered));
    expect(e1.code).toBe(status.FAILED_PRECONDITION);
    expect(e1.details).toContain(signed.txid);
    // ... and a new, consistent plan naming the used id.
    const other = makePlan([[[f.addr.B, 100_000_000n]]]);
    const e2 = await callError(signBatch(f.client, { ...other.request(0), batchId: plan.batchIds[0]! }));
    expect(e2.code).toBe(status.FAILED_PRECONDITION);
    expect(walletCalls().filter((c) => c === 'signrawtransactionwithwallet')).toHaveLength(1);
  });

  it('refuses dust and a plan for another network', async () => {
    const dust = await callError(signBatch(f.client, makePlan([[[f.addr.A, 72_800n]]]).request(0)));
    expect(dust.code).toBe(status.PERMISSION_DENIED);
    expect(dust.details).toMatch(/dust/);
    const testnet = await callError(signBatch(f.client, makePlan([[[f.addr.A, 100_000_000n]]], 'testnet').request(0)));
    expect(testnet.code).toBe(status.FAILED_PRECONDITION);
    expect(walletCalls()).toEqual([]);
  });

  it('releases the funded inputs and re-arms staking when signing fails on the node', async () => {
    f.sim.faults.inject({ method: 'signrawtransactionwithwallet', kind: 'rpc-error', code: -1, message: 'simulated signing failure' });
    const err = await callError(signBatch(f.client, makePlan([[[f.addr.A, 100_000_000n]]]).request(0)));
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toMatch(/simulated signing failure/);
    expect(walletCalls().filter((c) => c.startsWith('walletpassphrase'))).toEqual(['walletpassphrase(30,false)', 'walletpassphrase(99999999,true)']);
    expect(await lockedCoins()).toEqual([]);
    // Nothing was journalled: the same batch signs once the node is healthy.
    const ok = await signBatch(f.client, makePlan([[[f.addr.A, 100_000_000n]]]).request(0));
    expect(ok.replayed).toBe(false);
  });

  it('reports a warming-up node as UNAVAILABLE and still re-arms staking', async () => {
    f.sim.faults.inject({ method: 'signrawtransactionwithwallet', kind: 'warmup' });
    const err = await callError(signBatch(f.client, makePlan([[[f.addr.A, 100_000_000n]]]).request(0)));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(walletCalls().filter((c) => c.startsWith('walletpassphrase')).at(-1)).toBe('walletpassphrase(99999999,true)');
    expect(await lockedCoins()).toEqual([]);
  });

  it('refuses a batch the wallet cannot fund (FAILED_PRECONDITION), before unlocking', async () => {
    // The wallet holds 20 x 200 QTUM; the per-output cap (100 QTUM) keeps a real shortfall out of reach here.
    f.sim.faults.inject({ method: 'fundrawtransaction', kind: 'rpc-error', code: -6, message: 'Insufficient funds' });
    const err = await callError(signBatch(f.client, makePlan([[[f.addr.A, 100_000_000n]]]).request(0)));
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.details).toMatch(/cannot fund the batch \(-6: Insufficient funds\)/);
    expect(walletCalls().filter((c) => c.startsWith('walletpassphrase'))).toEqual([]);
  });
});

describe('SignBatch caps', () => {
  let certs: Awaited<ReturnType<typeof makeCerts>>;
  let f: SignerFixture;
  let nowMs = Date.now();

  beforeAll(async () => { certs = await makeCerts(); });
  beforeEach(async () => {
    nowMs = Date.now();
    f = await startFixture({
      certs: certs.main,
      now: () => nowMs,
      config: { PPM_SIGNER_MAX_OUTPUT_SATS: 10n * QTUM, PPM_SIGNER_MAX_BATCH_SATS: 15n * QTUM, PPM_SIGNER_MAX_DAY_SATS: 25n * QTUM },
    });
  });
  afterEach(async () => {
    try {
      f.sim.wallet.assertStakingOnly();
    } finally {
      await f.close();
    }
  });
  afterAll(async () => { await rm(certs.dir, { recursive: true, force: true }); });

  it('refuses an output above the per-output cap (PERMISSION_DENIED), the cap itself passes', async () => {
    const over = await callError(signBatch(f.client, makePlan([[[f.addr.A, 10n * QTUM + 1n]]]).request(0)));
    expect(over.code).toBe(status.PERMISSION_DENIED);
    expect(over.details).toMatch(/per-output cap/);
    await expect(signBatch(f.client, makePlan([[[f.addr.A, 10n * QTUM]]]).request(0))).resolves.toMatchObject({ replayed: false });
  });

  it('refuses a batch above the per-batch cap (PERMISSION_DENIED)', async () => {
    const err = await callError(signBatch(f.client, makePlan([[[f.addr.A, 8n * QTUM], [f.addr.B, 7n * QTUM + 1n]]]).request(0)));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toMatch(/per-batch cap/);
  });

  it('refuses what would exceed the rolling 24 h cap (RESOURCE_EXHAUSTED), and passes once the window moved', async () => {
    await signBatch(f.client, makePlan([[[f.addr.A, 9n * QTUM], [f.addr.B, 5n * QTUM]]]).request(0));
    const second = makePlan([[[f.addr.A, 9n * QTUM], [f.addr.B, 3n * QTUM]]]);
    const err = await callError(signBatch(f.client, second.request(0)));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(err.details).toMatch(/daily cap/);
    nowMs += 24 * 3_600_000 + 1;
    await expect(signBatch(f.client, second.request(0))).resolves.toMatchObject({ replayed: false });
  });
});

describe('SignBatch with a wrong wallet passphrase', () => {
  let certs: Awaited<ReturnType<typeof makeCerts>>;
  let f: SignerFixture;

  beforeAll(async () => {
    certs = await makeCerts();
    f = await startFixture({ certs: certs.main, passphrase: 'not-the-passphrase' });
  });
  afterAll(async () => {
    await f.close();
    await rm(certs.dir, { recursive: true, force: true });
  });

  it('refuses clearly (-14), says the re-issue failed too, logs it loudly, and the wallet stays staking-only', async () => {
    const err = await callError(signBatch(f.client, makePlan([[[f.addr.A, 100_000_000n]]]).request(0)));
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.details).toMatch(/rejected the signer's wallet passphrase \(-14\)/);
    expect(err.details).toMatch(/re-issuing the staking-only unlock failed too/);
    expect(f.logs.lines().some((l) => l.walletStakingOnly === false && l.level === 50)).toBe(true);
    // A wrong passphrase leaves the node's previous unlock in place (Finding 18).
    f.sim.wallet.assertStakingOnly();
    expect(f.sim.wallet.calls().map((c) => [c.method, c.error])).toEqual([
      ['fundrawtransaction', undefined], ['walletpassphrase', -14], ['walletpassphrase', -14], ['lockunspent', undefined],
    ]);
    expect(await f.rpc.listlockunspent()).toEqual([]);
    expect(f.logs.text()).not.toContain('not-the-passphrase');
  });
});

describe('journal file', () => {
  let certs: Awaited<ReturnType<typeof makeCerts>>;
  beforeAll(async () => { certs = await makeCerts(); });
  afterAll(async () => { await rm(certs.dir, { recursive: true, force: true }); });

  it('a torn last line is ignored at start and the batch can still be signed', async () => {
    const f = await startFixture({ certs: certs.main });
    try {
      const plan = makePlan([[[f.addr.A, 100_000_000n]]]);
      await f.stopSigner();
      await writeFile(f.journalFile, `{"v":1,"batchId":"${plan.batchIds[0]}","planHash":"`);
      const g = await startFixture({ certs: certs.main, sim: f.sim, dataDir: f.journalFile.replace(/\/signer-journal\.jsonl$/, '') });
      try {
        expect(g.logs.lines().some((l) => String(l.msg).includes('torn line'))).toBe(true);
        await expect(signBatch(g.client, plan.request(0))).resolves.toMatchObject({ replayed: false });
        g.sim.wallet.assertStakingOnly();
      } finally {
        await g.close();
      }
    } finally {
      await f.close();
    }
  });
});
