import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { openDb } from '@ppm/ledger';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { PPM_MAIN, runPpm as ppm } from './test/run-ppm';

// Delegate rules end to end with the built `ppm` against the simulator: a ledger credited under rules (one of
// each), a rules change between blocks, and `ppm replay` reproducing it from the recorded terms, whatever the
// current PPM_POOL_FEE_BPS and PPM_RULES_FILE say; a tampered entry is reported.
const SCENARIO = path.resolve(__dirname, '../../../libs/qtum-sim/scenarios/small.json');
const QTUM = 100_000_000n;

interface Statement { blocks: { height: number; shareSats: string; rulesApplied: string }[] }
interface Reward { height: number; rewardSats: string; poolFeeSats: string; shares: { address: string; shareSats: string }[] }

jest.setTimeout(300_000);

describe('ppm replay of a ledger credited under delegate rules', () => {
  let sim: SimHandle;
  let dataDir: string;
  let env: Record<string, string>;
  let rulesFile: string;
  const by: Record<string, string> = {};
  const prefix = `test-rules-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    if (!fs.existsSync(PPM_MAIN)) throw new Error(`${PPM_MAIN} is missing: run \`npm run build\` first`);
    sim = await startSimulator({ scenario: SCENARIO, port: 0 });
    for (const d of sim.chain.delegates()) by[d.label] = d.address;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-rules-'));
    rulesFile = path.join(dataDir, 'rules.yaml');
    // C excluded; B's fee 5 % instead of the global 2.5 %; A (1,550 QTUM of coins >= 100 QTUM) below 2,000 QTUM.
    fs.writeFileSync(rulesFile, [
      'version: 1', 'leftover: pool', `exclude: [{ address: ${by.C}, reason: test }]`,
      `feeOverrides: [{ address: ${by.B}, feeBps: 500 }]`, `minWeightSats: "${2_000n * QTUM}"`, '',
    ].join('\n'));
    env = {
      QTUM_RPC_URL: sim.url, PPM_NETWORK: 'regtest', PPM_STAKER_ADDRESS: sim.chain.staker.address, PPM_DATA_DIR: dataDir,
      PPM_START_HEIGHT: '5500', PPM_POOL_FEE_BPS: '250', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      PPM_QUEUE_PREFIX: prefix, PPM_LOG_LEVEL: 'error', PPM_AUTO_MIGRATE: '1', PPM_RULES_FILE: rulesFile,
    };
  });

  afterAll(async () => {
    await sim?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    const redis = new IORedis(env.REDIS_URL!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('credits under the rules, keeps earlier blocks across a rules change, and replay reproduces every block', async () => {
    // Rules X up to 5509 (pool blocks 5506-5509 by A and B), then rules Y for the rest (5510-5512; 5516 is not
    // confirmed: the tip is 5520).
    const CHANGE = 5509;
    // The watcher emits only blocks that deep: nothing above CHANGE is credited under X.
    const sync = await ppm(['sync'], { ...env, PPM_CONFIRMATIONS: String(sim.chain.tipHeight - CHANGE) });
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);
    const first = (JSON.parse((await ppm(['rewards', '--json'], env)).stdout) as Reward[]).filter((r) => r.height <= CHANGE);
    const pool = first.filter((r) => r.shares.length > 0);
    expect(pool.map((r) => r.height)).toEqual([5506, 5507, 5508, 5509]);
    for (const r of pool) {
      // Only B is credited: A is under the minimum, C excluded (both listed with their weight and share 0).
      expect(r.shares.filter((s) => s.shareSats !== '0').map((s) => s.address)).toEqual([by.B]);
      expect(r.shares.reduce((t, s) => t + BigInt(s.shareSats), 0n) + BigInt(r.poolFeeSats)).toBe(BigInt(r.rewardSats));
    }
    const day = new Date().toISOString().slice(0, 10);
    const statement = (label: string) => ppm(['report', 'delegate', by[label]!, '--from', '2020-01-01', '--to', day, '--json'], env)
      .then((x) => {
        if (x.code !== 0) throw new Error(`ppm report delegate exited ${x.code}: ${x.stderr}`);
        return JSON.parse(x.stdout) as Statement;
      });
    const a = (await statement('A')).blocks.filter((b) => b.height <= CHANGE);
    expect(a.length).toBeGreaterThan(0);
    for (const b of a) expect([b.shareSats, b.rulesApplied]).toEqual(['0', expect.stringMatching(/^below_minimum \d+ withheld$/)]);
    const c = (await statement('C')).blocks.filter((b) => b.height <= CHANGE);
    expect(c.length).toBeGreaterThan(0);
    for (const b of c) expect([b.shareSats, b.rulesApplied]).toEqual(['0', expect.stringMatching(/^excluded \d+ withheld$/)]);
    for (const b of (await statement('B')).blocks.filter((x) => x.height <= CHANGE)) expect(b.rulesApplied).toMatch(/^fee_override 500bps -\d+$/);

    // The rules change (no minimum, nobody excluded, redistribute): the later blocks credit A, B and C, the
    // earlier ones stay exactly as they were.
    fs.writeFileSync(rulesFile, 'version: 1\nleftover: redistribute\n');
    expect((await ppm(['sync'], env)).code).toBe(0);
    const after = JSON.parse((await ppm(['rewards', '--json'], env)).stdout) as Reward[];
    expect(after.filter((r) => r.height <= CHANGE)).toEqual(first);
    const later = after.filter((r) => r.height > CHANGE && r.shares.length > 0);
    expect(later.map((r) => r.height)).toEqual([5510, 5511, 5512]);
    for (const r of later) {
      for (const s of r.shares) expect(BigInt(s.shareSats)).toBeGreaterThan(0n);
      expect(r.shares.map((s) => s.address)).toEqual([by.A, by.B, by.C].sort());
    }
    for (const b of (await statement('B')).blocks.filter((x) => x.height > CHANGE)) expect(b.rulesApplied).toBe('');

    // Replay with the fee and rules of today (and without either): the recorded terms are used, no difference.
    const to = String(sim.chain.tipHeight - 5);
    for (const e of [env, { ...env, PPM_POOL_FEE_BPS: '900', PPM_RULES_FILE: '' }]) {
      const r = await ppm(['replay', '--from', '5500', '--to', to], e);
      expect(r.stdout).toContain('the ledger matches the chain');
      expect(r.code).toBe(0);
    }

    // `ppm verify share` recomputes from the node under the block's recorded terms (rules X), with no rules file now.
    const bAt = pool[0]!.shares.find((x) => x.address === by.B)!.shareSats;
    for (const [label, want] of [['B', bAt], ['C', '0']] as const) {
      const v = await ppm(['verify', 'share', String(pool[0]!.height), by[label]!, '--json'], { ...env, PPM_RULES_FILE: '' });
      expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, recomputed: { shareSats: want }, terms: { poolFeeBps: 250, rulesVersion: expect.stringMatching(/^[0-9a-f]{64}$/), recorded: true } });
      expect(v.code).toBe(0);
    }

    // Tamper with one credited entry (the owner disables the append-only trigger): replay reports it.
    const height = pool[0]!.height;
    const bShare = pool[0]!.shares.find((s) => s.address === by.B)!.shareSats;
    const db = await openDb({ dataDir });
    try {
      await db.exec('ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update');
      await db.query(`UPDATE ledger_entries SET amount_sats = amount_sats + 1 WHERE height = $1 AND kind = 'delegate_share'`, [height]);
      await db.exec('ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update');
    } finally {
      await db.close();
    }
    const tampered = await ppm(['replay', '--from', '5500', '--to', to, '--json'], env);
    expect(tampered.code).toBe(1);
    const diffs = (JSON.parse(tampered.stdout) as { differences: { height: number; what: string; ledger: string; recomputed: string }[] }).differences;
    expect(diffs).toEqual([{ height, what: `entry delegate_share:${by.B}`, ledger: String(BigInt(bShare) + 1n), recomputed: bShare }]);
  });
});
