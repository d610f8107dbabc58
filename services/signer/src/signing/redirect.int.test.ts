import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { buildPayoutTree, decodeAddress, encodeAddress, messageHash, p2pkhScriptHex, rootFromScriptHex, signRecoverable } from '@ppm/chain';
import { redirectMessage } from '@ppm/rules';
import { callError, signBatch } from '../test/grpc-call';
import { makePlanOf } from '../test/plan-fixture';
import { makeCerts, startFixture, type SignerFixture } from '../test/signer-harness';

// The signer's own check of redirects and pool-fee split recipients: a compromised payout service sends forged
// plans straight to the signer's gRPC port; only a redirect A signed itself moves A's balance elsewhere.

describe('SignBatch: redirects and the pool-fee split', () => {
  let certs: Awaited<ReturnType<typeof makeCerts>>;
  let f: SignerFixture;
  let dir: string;

  beforeAll(async () => {
    certs = await makeCerts();
    dir = await mkdtemp(path.join(os.tmpdir(), 'signer-rules-'));
  });
  afterEach(async () => { await f.close(); });
  afterAll(async () => {
    await rm(certs.dir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  const script = (a: string) => p2pkhScriptHex(decodeAddress(a, 'regtest').hash160Hex);
  /** `who`'s signature (a key the simulator holds) of `text`, base64 as signmessage gives it. */
  const signAs = (who: string, text: string) => {
    const key = f.sim.chain.keys.get(decodeAddress(who, 'regtest').hash160Hex);
    if (!key) throw new Error(`no key for ${who}`);
    return signRecoverable(messageHash(text), key.privHex).toString('base64');
  };

  it('pays A\'s balance to C only with A\'s own signature of exactly that redirect', async () => {
    f = await startFixture({ certs: certs.main });
    const { A, B, C } = f.addr; // C never delegated: only A's redirect can make it a recipient
    const S = f.sim.wallet.address;
    const X = encodeAddress('44'.repeat(20), 'regtest');
    const forged = [
      { why: 'no signature', sig: '' },
      { why: 'signed by another key (B)', sig: signAs(B, redirectMessage(S, A, C)) },
      { why: 'A signed another destination', sig: signAs(A, redirectMessage(S, A, X)) },
      { why: 'A signed for another pool', sig: signAs(A, redirectMessage(X, A, C)) },
      { why: 'not a signature', sig: 'AAAA' },
    ];
    for (const { why, sig } of forged) {
      const plan = makePlanOf([[{ address: A, amountSats: 150_000_000n, paidTo: C, redirectSignature: sig }, { address: B, amountSats: 1_000_000n }]]);
      const err = await callError(signBatch(f.client, plan.request(0)));
      expect({ why, code: err.code }).toEqual({ why, code: status.PERMISSION_DENIED });
      expect(err.details).toContain(`without ${A}'s signed redirect`);
    }
    // A forged redirect in ANOTHER batch of the plan refuses this batch too: the plan is not backed.
    const other = makePlanOf([[{ address: B, amountSats: 1_000_000n }], [{ address: A, amountSats: 150_000_000n, paidTo: C, redirectSignature: signAs(B, redirectMessage(S, A, C)) }]]);
    expect((await callError(signBatch(f.client, other.request(0)))).code).toBe(status.PERMISSION_DENIED);
    // Nothing was built, nothing unlocked.
    expect(f.sim.wallet.calls().map((c) => c.method)).not.toContain('signrawtransactionwithwallet');

    const good = { address: A, amountSats: 150_000_000n, paidTo: C, redirectSignature: signAs(A, redirectMessage(S, A, C)) };
    const plan = makePlanOf([[good, { address: B, amountSats: 1_000_000n }]]);
    const res = await signBatch(f.client, plan.request(0));
    const tx = await f.rpc.decoderawtransaction(res.rawTxHex);
    const paid = new Map(tx.vout.map((o) => [o.scriptPubKey.hex, o.valueSats]));
    expect(paid.get(script(C))).toBe(150_000_000n);
    expect(paid.has(script(A))).toBe(false);
    expect(paid.get(script(B))).toBe(1_000_000n);
    // The root commits A's leaf as "A's balance paid to C" (a v2 leaf), recomputed here independently.
    const root = buildPayoutTree([{ address: A, amountSats: 150_000_000n, paidTo: C }, { address: B, amountSats: 1_000_000n }], 'regtest').root;
    expect(tx.vout.map((o) => rootFromScriptHex(o.scriptPubKey.hex)).filter(Boolean)).toEqual([root]);

    // A batch paying B for itself and for A (redirected to B) cannot be one transaction.
    const twice = makePlanOf([[{ address: A, amountSats: 150_000_000n, paidTo: B, redirectSignature: signAs(A, redirectMessage(S, A, B)) }, { address: B, amountSats: 1_000_000n }]]);
    const e2 = await callError(signBatch(f.client, twice.request(0)));
    expect(e2.code).toBe(status.INVALID_ARGUMENT);
    expect(e2.details).toContain(`pays ${B} twice`);
  });

  it('pays a pool-fee split address that never delegated only when the signer\'s own rules file lists it', async () => {
    const X = encodeAddress('44'.repeat(20), 'regtest');
    f = await startFixture({ certs: certs.main });
    const plan = makePlanOf([[{ address: X, amountSats: 2_000_000n }]]);
    const refused = await callError(signBatch(f.client, plan.request(0)));
    expect(refused.code).toBe(status.PERMISSION_DENIED);
    expect(refused.details).toContain(`recipient ${X} has never delegated`);
    await f.close();

    const file = path.join(dir, 'rules.yaml');
    await writeFile(file, `version: 1\nleftover: pool\npoolFeeSplit:\n  - address: ${X}\n    bps: 10000\n`);
    f = await startFixture({ certs: certs.main, config: { PPM_RULES_FILE: file } });
    const res = await signBatch(f.client, plan.request(0));
    const tx = await f.rpc.decoderawtransaction(res.rawTxHex);
    expect(tx.vout.find((o) => o.scriptPubKey.hex === script(X))?.valueSats).toBe(2_000_000n);
  });

  it('SIGHUP reloads the signer\'s rules file: a new split address is paid; a bad file keeps the split in force', async () => {
    const X = encodeAddress('45'.repeat(20), 'regtest');
    const Y = encodeAddress('46'.repeat(20), 'regtest');
    const file = path.join(dir, 'reload.yaml');
    await writeFile(file, `version: 1\nleftover: pool\npoolFeeSplit:\n  - address: ${X}\n    bps: 10000\n`);
    f = await startFixture({ certs: certs.main, config: { PPM_RULES_FILE: file } });
    const toY = makePlanOf([[{ address: Y, amountSats: 2_000_000n }]]);
    expect((await callError(signBatch(f.client, toY.request(0)))).details).toContain(`recipient ${Y} has never delegated`);

    // The operator moves the split to Y and sends SIGHUP (the service host calls the app's reload).
    await writeFile(file, `version: 1\nleftover: pool\npoolFeeSplit:\n  - address: ${Y}\n    bps: 10000\n`);
    expect(await f.app.reload()).toBe(true);
    const paid = await signBatch(f.client, toY.request(0));
    expect((await f.rpc.decoderawtransaction(paid.rawTxHex)).vout.find((o) => o.scriptPubKey.hex === script(Y))?.valueSats).toBe(2_000_000n);

    // A broken file is refused with its problem logged; Y stays payable, X still is not.
    await writeFile(file, 'version: [');
    expect(await f.app.reload()).toBe(false);
    expect(f.logs.lines().some((l) => l.event === 'rules_reload_failed' && /YAML/i.test(String(l.problem)))).toBe(true);
    await expect(signBatch(f.client, makePlanOf([[{ address: Y, amountSats: 1_000_000n }]]).request(0))).resolves.toMatchObject({ replayed: false });
    expect((await callError(signBatch(f.client, makePlanOf([[{ address: X, amountSats: 1_000_000n }]]).request(0)))).details).toContain(`recipient ${X} has never delegated`);
  });
});
