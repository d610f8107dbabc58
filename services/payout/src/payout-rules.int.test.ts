import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  decodeAddress, encodeAddress, messageHash, payoutProof, payoutTreeOfPlan, rootFromScriptHex, signRecoverable, verifyPayoutProof,
} from '@ppm/chain';
import type { Db } from '@ppm/ledger';
import { ConfigError, silentLogger } from '@ppm/runtime';
import { redirectMessage } from '@ppm/rules';
import { captureLogs, testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { payoutPlanCsv, runPayout } from './cli';
import { loadPayoutRules, type PayoutRules } from './rules/payout-rules';
import { getPlan } from './store/plans.repo';
import { startHarness, type Harness } from './test/harness';
import { TEST_SETTINGS, makeApp, mineAndTrack, newPayments, utxoKeys } from './test/fixture';
import { outboxOf, positions, seedEntries } from './test/seed';

// Payouts under the rules file: A's balance paid to B only under A's signed redirect (checked by the node's
// verifymessage at load, and by the signer itself), the pool fee split by bps, every delegate in the dry run.

jest.setTimeout(120_000);

const X = encodeAddress('44'.repeat(20), 'regtest');
const Y = encodeAddress('55'.repeat(20), 'regtest');
let h: Harness;
let r: TestRedis;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'payout-rules-'));
  // The signer's own copy of the rules: it pays the split addresses (which never delegated) only because of it.
  const signerRules = path.join(dir, 'signer-rules.yaml');
  await writeFile(signerRules, `version: 1\nleftover: pool\npoolFeeSplit:\n  - address: ${X}\n    bps: 7000\n  - address: ${Y}\n    bps: 3000\n`);
  h = await startHarness({ delegates: { count: 6, utxosPerDelegate: 1 }, signerConfig: { PPM_RULES_FILE: signerRules } });
  r = testRedis('payout-rules');
}, 180_000);
afterAll(async () => {
  await r?.cleanup();
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `who`'s signmessage signature of `text` (the simulator holds every delegate's key). */
function signAs(who: string, text: string): string {
  const key = h.sim.chain.keys.get(decodeAddress(who, 'regtest').hash160Hex);
  if (!key) throw new Error(`no key for ${who}`);
  return signRecoverable(messageHash(text), key.privHex).toString('base64');
}

let n = 0;
/** Writes a rules file: redirects [from, to, signature] and the split 7000/3000 to X/Y. */
async function rulesFile(redirects: readonly (readonly [string, string, string])[], split = `  - address: ${X}\n    bps: 7000\n  - address: ${Y}\n    bps: 3000\n`): Promise<string> {
  const file = path.join(dir, `rules-${++n}.yaml`);
  const lines = redirects.map(([from, to, sig]) => `  - from: ${from}\n    to: ${to}\n    signature: ${sig}\n`).join('');
  await writeFile(file, `version: 1\nleftover: pool\nredirects:\n${lines || '  []\n'}poolFeeSplit:\n${split}`);
  return file;
}

const verify = (a: string, s: string, m: string) => h.rpc.verifymessage(a, s, m);

withTestDbs('payouts under the rules file', (t) => {
  let db: Db;
  beforeEach(async () => { db = await t.fresh(); });

  it('refuses to load redirects the node does not verify, listing each failure', async () => {
    const [A, B, C, D] = h.delegates as [string, string, string, string];
    const S = h.sim.wallet.address;
    const file = await rulesFile([[A, B, signAs(B, redirectMessage(S, A, B))], [C, D, signAs(C, redirectMessage(S, C, X))]]);
    const err = await loadPayoutRules(file, 'regtest', S, verify).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      `PPM_RULES_FILE ${file}: redirects.0: the signature is not ${A}'s signature of "${redirectMessage(S, A, B)}"`,
      `PPM_RULES_FILE ${file}: redirects.1: the signature is not ${C}'s signature of "${redirectMessage(S, C, D)}"`,
    ]);
    const good = await loadPayoutRules(await rulesFile([[A, B, signAs(A, redirectMessage(S, A, B))]]), 'regtest', S, verify);
    expect(good.redirects.get(A)?.to).toBe(B);
  });

  it('pays A\'s balance to B under A\'s signed redirect (A\'s ledger debited) and the pool fee to X/Y by bps, exact satoshis', async () => {
    const [A, B, C] = h.delegates as [string, string, string];
    const S = h.sim.wallet.address;
    const sig = signAs(A, redirectMessage(S, A, B));
    const rules = await loadPayoutRules(await rulesFile([[A, B, sig]]), 'regtest', S, verify);
    const tip = h.sim.chain.tipHeight;
    await seedEntries(db, [{ address: A, sats: 150_000_000n, height: tip }, { address: B, sats: 20_000_000n, height: tip }, { address: C, sats: 99_999n, height: tip }]);
    // Pool fee since the last split: 2,345,679 + 1,000,000 whose block was reversed by a reorg = 2,345,679 sat.
    const fee = await db.query<{ id: string }>(
      `INSERT INTO ledger_entries (kind, address, amount_sats, height) VALUES ('pool_fee', NULL, 2345679, $1), ('pool_fee', NULL, 1000000, $1) RETURNING id`, [tip]);
    await db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, height, reverses_entry_id) VALUES ('reversal', NULL, -1000000, $1, $2)`, [tip, fee.rows[1]?.id]);
    // 2,345,679 x 7000/10000 = 1,641,975.3 and x 3000/10000 = 703,703.7: floors 1,641,975 + 703,703, the 1 sat
    // left goes to the larger remainder (Y, 7000 > 3000): X 1,641,975, Y 703,704.
    const settings = { ...TEST_SETTINGS, PPM_MAX_OUTPUTS_PER_TX: 10, rules };

    const dry = await payoutPlanCsv(db, settings);
    const expected = [
      `${A},150000000,150000000,redirected,paid to ${B} under ${A}'s signed redirect,0`,
      `${B},20000000,20000000,paid,,${A < B ? 1 : 0}`,
      `${C},99999,0,carried,balance below the minimum payout of 100000 sat,`,
      `${X},1641975,1641975,paid,pool-fee split recipient (7000 bps),0`,
      `${Y},703704,703704,paid,pool-fee split recipient (3000 bps),0`,
    ].sort();
    // B is paid for A (round 0 when A < B) and for itself in different transactions: batch indexes follow.
    const fixBatch = (line: string) => (line.startsWith(A) ? line.replace(/,0$/, `,${A < B ? 0 : 1}`) : line);
    expect(dry.csv.trim().split('\n')).toEqual(['address,balance,amount,status,reason,batch', ...expected.map(fixBatch)]);
    expect(await db.query('SELECT 1 FROM ledger_entries WHERE kind IN ($1, $2)', ['pool_fee_transfer', 'pool_fee_share']).then((q) => q.rows.length)).toBe(0);

    const watched = [A, B, C, X, Y];
    const before = utxoKeys(h.sim, watched);
    const run = await runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, settings);
    expect(run.status).toBe('broadcast');
    expect(run.planHash).toBe(dry.planHash);
    expect(run.batches.map((b) => b.outputCount)).toEqual([3, 1]);
    const app = makeApp(db, h, r.redis, r.prefix, {}, settings);
    await app.start();
    try {
      await mineAndTrack(h, app);
      await mineAndTrack(h, app);
    } finally {
      await app.stop();
    }
    const paid = newPayments(h.sim, before);
    expect(paid.get(A)).toEqual([]);
    expect([...(paid.get(B) ?? [])].sort((x, y) => (x < y ? -1 : 1))).toEqual([20_000_000n, 150_000_000n]);
    expect(paid.get(C)).toEqual([]);
    expect(paid.get(X)).toEqual([1_641_975n]);
    expect(paid.get(Y)).toEqual([703_704n]);

    // The ledger debits A (its balance was paid, to B); B's own balance is paid separately.
    const pos = await positions(db);
    expect(pos.get(A)).toEqual({ accrued: 150_000_000n, paid: 150_000_000n, inFlight: 0n, balance: 0n });
    expect(pos.get(B)).toEqual({ accrued: 20_000_000n, paid: 20_000_000n, inFlight: 0n, balance: 0n });
    expect(pos.get(X)).toEqual({ accrued: 1_641_975n, paid: 1_641_975n, inFlight: 0n, balance: 0n });
    expect(pos.get(Y)).toEqual({ accrued: 703_704n, paid: 703_704n, inFlight: 0n, balance: 0n });
    const moved = await db.query<{ kind: string; address: string | null; amount_sats: string }>(
      `SELECT kind, address, amount_sats::text FROM ledger_entries WHERE kind IN ('pool_fee_transfer', 'pool_fee_share') ORDER BY kind, address`);
    expect(moved.rows).toEqual([
      { kind: 'pool_fee_share', address: X < Y ? X : Y, amount_sats: X < Y ? '1641975' : '703704' },
      { kind: 'pool_fee_share', address: X < Y ? Y : X, amount_sats: X < Y ? '703704' : '1641975' },
      { kind: 'pool_fee_transfer', address: null, amount_sats: '-2345679' },
    ]);
    const out = await db.query<{ address: string; paid_to: string | null; redirect_signature: string | null }>(
      'SELECT address, paid_to, redirect_signature FROM payout_outputs WHERE address = $1', [A]);
    expect(out.rows).toEqual([{ address: A, paid_to: B, redirect_signature: sig }]);

    // A verifies: its leaf says "A's 150,000,000 sat paid to B", the proof leads to the root its tx commits.
    const plan = await getPlan(db, run.planHash ?? '');
    const tree = payoutTreeOfPlan(plan!.content);
    const proof = payoutProof(tree, A);
    expect(proof?.leaf).toMatchObject({ address: A, amountSats: 150_000_000n, paidTo: B });
    expect(verifyPayoutProof({ address: A, amountSats: 150_000_000n, paidTo: B }, proof?.steps ?? [], tree.root, 'regtest')).toBe(true);
    expect(verifyPayoutProof({ address: A, amountSats: 150_000_000n }, proof?.steps ?? [], tree.root, 'regtest')).toBe(false);
    for (const b of run.batches) {
      const tx = await h.rpc.getrawtransaction(b.txid ?? '');
      expect(tx.vout.map((o) => rootFromScriptHex(o.scriptPubKey.hex)).filter(Boolean)).toEqual([tree.root]);
    }

    // The next cycle: nothing left to split or pay.
    expect((await runPayout({ db, rpc: h.rpc, signer: h.signer, log: silentLogger() }, settings)).status).toBe('nothing');
    expect((await db.query(`SELECT 1 FROM ledger_entries WHERE kind = 'pool_fee_transfer'`)).rows).toHaveLength(1);
  });

  it('SIGHUP reload: a good file logs rules_loaded; a bad file or a forged redirect keeps the old rules and alerts', async () => {
    const [A, B] = h.delegates as [string, string];
    const S = h.sim.wallet.address;
    const logs = captureLogs();
    const first = await rulesFile([[A, B, signAs(A, redirectMessage(S, A, B))]]);
    const rules: PayoutRules = await loadPayoutRules(first, 'regtest', S, verify);
    let file = first;
    const source = { get file() { return file; }, network: 'regtest' as const, stakerAddress: S, verify, db, log: logs.log };
    const app = makeApp(db, h, r.redis, r.prefix, { rules, rulesSource: source, log: logs.log });
    const version = () => app.context.settings.rules?.version;
    expect(version()).toBe(rules.version);

    // SIGHUP: the service host calls the running service's reload, which is app.reloadRules().
    file = await rulesFile([], `  - address: ${X}\n    bps: 10000\n`);
    expect(await app.reloadRules()).toBe(true);
    const second = version();
    expect(second).not.toBe(rules.version);
    expect(app.context.settings.rules?.redirects.size).toBe(0);
    expect(logs.lines().filter((l) => l.msg === 'rules_loaded').map((l) => l.version)).toEqual([second]);

    file = path.join(dir, 'broken.yaml');
    await writeFile(file, 'version: [');
    expect(await app.reloadRules()).toBe(false);
    file = await rulesFile([[A, B, signAs(B, redirectMessage(S, A, B))]]);
    expect(await app.reloadRules()).toBe(false);
    expect(version()).toBe(second);

    const alerts = await outboxOf(db, 'rules_reload_failed');
    expect(alerts.map((a) => a.severity)).toEqual(['warning', 'warning']);
    expect(alerts[0]?.payload).toMatchObject({ service: 'payout', file: path.join(dir, 'broken.yaml'), keptVersion: second, problems: [expect.stringMatching(/not valid YAML/)] });
    expect(alerts[1]?.payload).toMatchObject({ service: 'payout', file, keptVersion: second, problems: [expect.stringContaining(`redirects.0: the signature is not ${A}'s signature`)] });
    expect(logs.lines().filter((l) => l.event === 'rules_reload_failed')).toHaveLength(2);
  });
});
