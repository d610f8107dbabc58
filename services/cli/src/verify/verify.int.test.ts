import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { rootFromScriptHex } from '@ppm/chain';
import { createQtumRpcClient } from '@ppm/qtum-rpc';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { PPM_MAIN, runPpm as ppm } from '../test/run-ppm';

// `ppm verify payout` and `ppm verify share` as a user runs them (dist/main.js) against the simulator, after a
// real sync and a real payout through the in-process signer: docs/provable-payouts.md end to end.
const PPM = PPM_MAIN;
const SCENARIO = path.resolve(__dirname, '../../../../libs/qtum-sim/scenarios/small.json');
const PASS = 'w13-verify-pass';

jest.setTimeout(180_000);

describe('ppm verify and ppm report against the simulator', () => {
  let sim: SimHandle;
  let dataDir: string;
  let env: Record<string, string>;
  let txid: string;
  let paid: string[];
  let planOutputs: { address: string; amountSats: string }[];
  const prefix = `test-verify-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    if (!fs.existsSync(PPM)) throw new Error(`${PPM} is missing: run \`npm run build\` first`);
    const scenario = { ...(JSON.parse(fs.readFileSync(SCENARIO, 'utf8')) as object), wallet: { passphrase: PASS, stakingOnly: true } };
    sim = await startSimulator({ scenario: scenario as never, port: 0 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-verify-'));
    const passFile = path.join(dataDir, 'wallet.pass');
    fs.writeFileSync(passFile, `${PASS}\n`, { mode: 0o600 });
    env = {
      QTUM_RPC_URL: sim.url, PPM_NETWORK: 'regtest', PPM_STAKER_ADDRESS: sim.chain.staker.address, PPM_DATA_DIR: dataDir,
      PPM_START_HEIGHT: '5500', PPM_POOL_FEE_BPS: '250', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      PPM_QUEUE_PREFIX: prefix, PPM_LOG_LEVEL: 'error', PPM_WALLET_PASSPHRASE_FILE: passFile, PPM_AUTO_MIGRATE: '1',
      // Releasing plans with operator keys is keys-approve.int.test's subject; here the in-process signer signs on auto.
      PPM_PAYOUT_APPROVAL: 'auto',
    };
    const sync = await ppm(['sync'], env);
    if (sync.code !== 0) throw new Error(`ppm sync exited ${sync.code}: ${sync.stderr}`);
    const plan = JSON.parse((await ppm(['payout', 'plan', '--json'], env)).stdout) as { planHash: string; batches: { outputs: { address: string; amountSats: string }[] }[] };
    planOutputs = plan.batches.flatMap((b) => b.outputs);
    paid = planOutputs.map((o) => o.address);
    // The dry run's listing: every delegate, with what the plan pays it or why not.
    const csvFile = path.join(dataDir, 'plan.csv');
    expect((await ppm(['payout', 'plan', '--csv', csvFile], env)).code).toBe(0);
    const listed = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(listed[0]).toBe('address,balance,amount,status,reason,batch');
    for (const o of planOutputs) expect(listed).toContain(`${o.address},${o.amountSats},${o.amountSats},paid,,0`);
    const run = await ppm(['payout', 'run', '--approve', plan.planHash], env);
    if (run.code !== 0) throw new Error(`ppm payout run exited ${run.code}: ${run.stderr}${run.stdout}`);
    txid = /txid ([0-9a-f]{64})/.exec(run.stdout)?.[1] ?? '';
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
  });

  afterAll(async () => {
    await sim?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    const redis = new IORedis(env?.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('the payout tx carries one PPM1 OP_RETURN and every paid delegate verifies against the node', async () => {
    const node = createQtumRpcClient({ url: sim.url });
    const tx = await node.getrawtransaction(txid);
    node.close();
    const roots = tx.vout.map((o) => rootFromScriptHex(o.scriptPubKey.hex)).filter(Boolean);
    expect(roots).toHaveLength(1);
    expect(paid.length).toBeGreaterThanOrEqual(2);
    for (const address of paid) {
      const r = await ppm(['verify', 'payout', txid, address, '--json'], env);
      expect([address, r.code]).toEqual([address, 0]);
      const body = JSON.parse(r.stdout) as { ok: boolean; chainRoot: string; planRoot: string };
      expect(body).toMatchObject({ ok: true, chainRoot: roots[0], planRoot: roots[0] });
    }
  });

  it('an address the plan did not pay fails with exit 1; a malformed txid is refused', async () => {
    const r = await ppm(['verify', 'payout', txid, sim.chain.staker.address], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL plan`);
    expect(r.stdout).toContain(`NOT verified`);
    expect((await ppm(['verify', 'payout', 'xyz', sim.chain.staker.address], env)).code).toBe(1);
  });

  it('verify share recomputes a pool block share from the node and matches the ledger; a self block fails', async () => {
    const rewards = JSON.parse((await ppm(['rewards', '--json'], env)).stdout) as { height: number; kind?: string; shares: { address: string; shareSats: string }[] }[];
    const pool = rewards.find((r) => r.shares.length > 0);
    const share = pool?.shares[0];
    if (!pool || !share) throw new Error('the scenario has pool blocks with shares');
    const r = await ppm(['verify', 'share', String(pool.height), share.address, '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true, recomputed: { shareSats: share.shareSats }, ledger: { shareSats: share.shareSats }, terms: { poolFeeBps: 250, rulesVersion: null, recorded: true },
    });
    // Recomputed under the block's recorded fee, not today's setting.
    expect((await ppm(['verify', 'share', String(pool.height), share.address], { ...env, PPM_POOL_FEE_BPS: '0' })).code).toBe(0);
    const self = await ppm(['verify', 'share', '5513', share.address], env);
    expect(self.code).toBe(1);
    expect(self.stdout).toContain('is a self block');
  });

  it('ppm report payouts --csv: one line per output of the payout tx, as planned', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = await ppm(['report', 'payouts', '--from', '2026-01-01', '--to', today, '--csv'], env);
    expect(r.code).toBe(0);
    const [header, ...lines] = r.stdout.trim().split('\n');
    expect(header).toBe('date,address,amount,txid,confirmations');
    const rows = lines.map((l) => l.split(','));
    expect(rows.map((c) => [c[1], c[2], c[3], c[4]])).toEqual(
      [...planOutputs].sort((a, b) => (a.address < b.address ? -1 : 1)).map((o) => [o.address, o.amountSats, txid, '0']));
    for (const c of rows) expect(c[0]?.slice(0, 10)).toBe(today);
    const bad = await ppm(['report', 'payouts', '--from', today, '--to', '2026-01-01', '--csv'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is before from');
  });

  it('ppm report delegate --json: every pool block share of the delegate as `ppm rewards` has it, and its payout', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const rewards = JSON.parse((await ppm(['rewards', '--json'], env)).stdout) as { height: number; poolWeightSats: string; shares: { address: string; weightSats: string; shareSats: string }[] }[];
    const address = paid[0] ?? '';
    const expected = rewards.flatMap((b) => b.shares.filter((s) => s.address === address)
      .map((s) => ({ height: b.height, weightSats: s.weightSats, poolWeightSats: b.poolWeightSats, shareSats: s.shareSats })));
    expect(expected.length).toBeGreaterThan(0);
    const r = await ppm(['report', 'delegate', address, '--from', '2020-01-01', '--to', today, '--json'], env);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { blocks: { height: number; weightSats: string; poolWeightSats: string; shareSats: string; rules: string }[]; payouts: { txid: string; amountSats: string }[] };
    expect(s.blocks.filter((b) => b.shareSats !== '0').map((b) => ({ height: b.height, weightSats: b.weightSats, poolWeightSats: b.poolWeightSats, shareSats: b.shareSats }))).toEqual(expected);
    for (const b of s.blocks) expect(b.rules).toBe('maturity=2000;minUtxoSats=10000000000;requiredFee=100');
    expect(s.payouts).toEqual([expect.objectContaining({ txid, amountSats: planOutputs[0]?.amountSats })]);
    const csv = await ppm(['report', 'delegate', address, '--from', '2020-01-01', '--to', today, '--csv'], env);
    expect(csv.stdout.split('\n')[0]).toBe('type,date,height,block_hash,weight,pool_weight,reward,share,rules,rules_applied,txid,amount,state,confirmations,shared_pool_weight,pool_fee_bps');
  });
});
