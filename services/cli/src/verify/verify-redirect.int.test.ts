import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { decodeAddress, encodeAddress, messageHash, p2pkhScriptHex, signRecoverable } from '@ppm/chain';
import { createQtumRpcClient } from '@ppm/qtum-rpc';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { redirectMessage } from '@ppm/rules';
import { PPM_MAIN, runPpm as ppm } from '../test/run-ppm';

// Delegate rules on the payout side, as an operator and a delegate use them (dist/main.js, the simulator, the
// in-process signer): A's signed redirect to T, the pool fee split 7000/3000, `ppm payout plan --csv`, and
// `ppm verify payout TXID A` showing that A's balance went to T under A's signed redirect.
const SCENARIO = path.resolve(__dirname, '../../../../libs/qtum-sim/scenarios/small.json');
const PASS = 'rules-verify-pass';

jest.setTimeout(180_000);

describe('ppm payout under PPM_RULES_FILE: redirect and pool-fee split, verified by the delegate', () => {
  let sim: SimHandle;
  let dataDir: string;
  let env: Record<string, string>;
  const prefix = `test-rules-${randomUUID().slice(0, 8)}`;
  const T = encodeAddress('66'.repeat(20), 'regtest'); // never delegated: paid only under A's redirect
  const X = encodeAddress('44'.repeat(20), 'regtest');
  const Y = encodeAddress('55'.repeat(20), 'regtest');
  let A: string;

  function writeRules(name: string, signature: string): string {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, [
      'version: 1', 'leftover: pool', 'redirects:', `  - from: ${A}`, `    to: ${T}`, `    signature: ${signature}`,
      'poolFeeSplit:', `  - address: ${X}`, '    bps: 7000', `  - address: ${Y}`, '    bps: 3000', '',
    ].join('\n'));
    return file;
  }

  beforeAll(async () => {
    if (!fs.existsSync(PPM_MAIN)) throw new Error(`${PPM_MAIN} is missing: run \`npm run build\` first`);
    const scenario = { ...(JSON.parse(fs.readFileSync(SCENARIO, 'utf8')) as object), wallet: { passphrase: PASS, stakingOnly: true } };
    sim = await startSimulator({ scenario: scenario as never, port: 0 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-rules-verify-'));
    const passFile = path.join(dataDir, 'wallet.pass');
    fs.writeFileSync(passFile, `${PASS}\n`, { mode: 0o600 });
    A = sim.chain.delegates().find((d) => d.label === 'A')?.address ?? '';
    env = {
      QTUM_RPC_URL: sim.url, PPM_NETWORK: 'regtest', PPM_STAKER_ADDRESS: sim.chain.staker.address, PPM_DATA_DIR: dataDir,
      PPM_START_HEIGHT: '5500', PPM_POOL_FEE_BPS: '250', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      PPM_QUEUE_PREFIX: prefix, PPM_LOG_LEVEL: 'error', PPM_WALLET_PASSPHRASE_FILE: passFile, PPM_AUTO_MIGRATE: '1', PPM_PAYOUT_APPROVAL: 'auto',
    };
    const sync = await ppm(['sync'], env);
    if (sync.code !== 0) throw new Error(`ppm sync exited ${sync.code}: ${sync.stderr}`);
  });

  afterAll(async () => {
    await sim?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    const redis = new IORedis(env?.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const sign = (text: string, who: string) => {
    const key = sim.chain.keys.get(decodeAddress(who, 'regtest').hash160Hex);
    if (!key) throw new Error(`no key for ${who}`);
    return signRecoverable(messageHash(text), key.privHex).toString('base64');
  };

  it('refuses a redirect A did not sign: the plan is not made, every failure listed', async () => {
    const B = sim.chain.delegates().find((d) => d.label === 'B')?.address ?? '';
    const forged = writeRules('forged.yaml', sign(redirectMessage(sim.chain.staker.address, A, T), B));
    const r = await ppm(['payout', 'plan', '--json'], { ...env, PPM_RULES_FILE: forged });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`redirects.0: the signature is not ${A}'s signature`);
  });

  it('pays A\'s balance to T and the pool fee to X/Y; `ppm verify payout TXID A` shows the redirect', async () => {
    const rules = writeRules('rules.yaml', sign(redirectMessage(sim.chain.staker.address, A, T), A));
    const renv = { ...env, PPM_RULES_FILE: rules };
    const plan = JSON.parse((await ppm(['payout', 'plan', '--json'], renv)).stdout) as { planHash: string; batches: { outputs: { address: string; amountSats: string; paidTo?: string }[] }[] };
    const outputs = plan.batches.flatMap((b) => b.outputs);
    const a = outputs.find((o) => o.address === A);
    expect(a?.paidTo).toBe(T);
    const x = outputs.find((o) => o.address === X);
    const y = outputs.find((o) => o.address === Y);
    // The split is 7000/3000 of one pool-fee total, to the satoshi (largest remainder).
    const fee = BigInt(x?.amountSats ?? '0') + BigInt(y?.amountSats ?? '0');
    expect(fee).toBeGreaterThan(0n);
    const floor = (fee * 7000n) / 10000n; // the one leftover satoshi, if any, goes to the larger remainder
    expect([floor, floor + 1n]).toContain(BigInt(x?.amountSats ?? '0'));

    const csvFile = path.join(dataDir, 'plan.csv');
    expect((await ppm(['payout', 'plan', '--csv', csvFile], renv)).code).toBe(0);
    const listed = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(listed).toContain(`${A},${a?.amountSats},${a?.amountSats},redirected,paid to ${T} under ${A}'s signed redirect,0`);
    expect(listed).toContain(`${X},${x?.amountSats},${x?.amountSats},paid,pool-fee split recipient (7000 bps),0`);
    expect(listed).toContain(`${Y},${y?.amountSats},${y?.amountSats},paid,pool-fee split recipient (3000 bps),0`);

    const run = await ppm(['payout', 'run', '--approve', plan.planHash], renv);
    if (run.code !== 0) throw new Error(`ppm payout run exited ${run.code}: ${run.stderr}${run.stdout}`);
    const txid = /txid ([0-9a-f]{64})/.exec(run.stdout)?.[1] ?? '';
    const node = createQtumRpcClient({ url: sim.url });
    const tx = await node.getrawtransaction(txid);
    node.close();
    const to = (addr: string) => tx.vout.filter((o) => o.scriptPubKey.hex === p2pkhScriptHex(decodeAddress(addr, 'regtest').hash160Hex)).map((o) => o.valueSats);
    expect(to(T)).toEqual([BigInt(a?.amountSats ?? '0')]);
    expect(to(A)).toEqual([]);

    const v = await ppm(['verify', 'payout', txid, A, '--json'], renv);
    expect(v.code).toBe(0);
    const body = JSON.parse(v.stdout) as { ok: boolean; redirect: unknown; checks: string[] };
    expect(body.ok).toBe(true);
    expect(body.redirect).toEqual({ paidTo: T, signatureVerified: true });
    expect(body.checks).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^ok +${A}'s balance went to ${T} under ${A}'s signed redirect`))]));
    const human = await ppm(['verify', 'payout', txid, A], renv);
    expect(human.stdout).toContain(`${A}'s balance went to ${T} under ${A}'s signed redirect`);
  });
});
