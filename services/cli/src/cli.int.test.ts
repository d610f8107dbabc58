import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import IORedis from 'ioredis';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { PPM_MAIN, runPpm as ppm } from './test/run-ppm';

// Runs the built `ppm` (dist/main.js, as a user would) against the simulator: the issue's "ppm sync, then ppm
// rewards --json gives shares whose sums equal each reward exactly".
const PPM = PPM_MAIN;
const SCENARIO = path.resolve(__dirname, '../../../libs/qtum-sim/scenarios/small.json');

interface RewardJson {
  height: number;
  blockHash: string;
  rewardSats: string;
  poolFeeSats: string;
  poolWeightSats: string;
  shares: { address: string; weightSats: string; shareSats: string }[];
}

/** A local port nothing listens on (taken, then released): connecting is refused at once. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('ppm CLI against the simulator', () => {
  let sim: SimHandle;
  let dataDir: string;
  let env: Record<string, string>;
  const prefix = `test-cli-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    if (!fs.existsSync(PPM)) throw new Error(`${PPM} is missing: run \`npm run build\` first (turbo's test task depends on build)`);
    sim = await startSimulator({ scenario: SCENARIO, port: 0 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-cli-'));
    env = {
      QTUM_RPC_URL: sim.url,
      PPM_NETWORK: 'regtest',
      PPM_STAKER_ADDRESS: sim.chain.staker.address,
      PPM_DATA_DIR: dataDir,
      PPM_START_HEIGHT: '5500',
      PPM_POOL_FEE_BPS: '250',
      PPM_POLL_INTERVAL_MS: '200',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      PPM_QUEUE_PREFIX: prefix,
      PPM_LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    const redis = new IORedis(env.REDIS_URL!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('refuses to sync an unmigrated ledger and says to run `ppm migrate`; `ppm migrate` applies every migration once', async () => {
    const refused = await ppm(['sync'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ledger schema .* older than this release: \d+ migration\(s\) pending .*run `ppm migrate`/);
    const first = await ppm(['migrate', '--json'], env);
    expect(first.code).toBe(0);
    const applied = (JSON.parse(first.stdout) as { applied: string[] }).applied;
    expect(applied[0]).toBe('001_ledger_core.sql');
    const second = JSON.parse((await ppm(['migrate', '--json'], env)).stdout) as { applied: string[]; alreadyApplied: number };
    expect(second).toMatchObject({ applied: [], alreadyApplied: applied.length });
  }, 120_000);

  it('syncs to the confirmed tip, and every reward is shared exactly (shares + pool fee == reward)', async () => {
    const tip = sim.chain.tipHeight;
    const sync = await ppm(['sync'], env);
    expect(sync.stderr).not.toMatch(/error/i);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain(`every block up to ${tip - 5} applied`);

    const rewards = await ppm(['rewards', '--json'], env);
    expect(rewards.code).toBe(0);
    const rows = JSON.parse(rewards.stdout) as RewardJson[];
    const pool = rows.filter((r) => r.shares.length > 0);
    expect(pool.length).toBeGreaterThanOrEqual(7);
    expect(rows.map((r) => r.height)).toEqual([...rows.map((r) => r.height)].sort((a, b) => a - b));
    for (const r of pool) {
      for (const v of [r.rewardSats, r.poolFeeSats, r.poolWeightSats, ...r.shares.flatMap((s) => [s.weightSats, s.shareSats])]) expect(v).toMatch(/^\d+$/);
      const reward = BigInt(r.rewardSats);
      const fee = BigInt(r.poolFeeSats);
      expect(fee).toBe((reward * 250n) / 10_000n);
      expect(r.shares.reduce((s, x) => s + BigInt(x.shareSats), 0n) + fee).toBe(reward);
      expect(r.shares.reduce((s, x) => s + BigInt(x.weightSats), 0n)).toBe(BigInt(r.poolWeightSats));
      expect(r.shares.map((s) => s.address)).toEqual(r.shares.map((s) => s.address).sort());
    }

    const balances = JSON.parse((await ppm(['balances', '--json'], env)).stdout) as { address: string; accruedSats: string; balanceSats: string }[];
    const shared = new Map<string, bigint>();
    for (const r of pool) for (const s of r.shares) shared.set(s.address, (shared.get(s.address) ?? 0n) + BigInt(s.shareSats));
    expect(balances.map((b) => b.address)).toEqual([...shared.keys()].sort());
    for (const b of balances) expect(BigInt(b.accruedSats)).toBe(shared.get(b.address));

    const statusRun = await ppm(['status', '--json'], env);
    expect(statusRun.code).toBe(0);
    const status = JSON.parse(statusRun.stdout) as { node: { tip: number; tipTime: string }; appliedHeight: number; lagBlocks: number; queues: Record<string, number>; healthy: boolean; problems: string[] };
    expect(status.node.tip).toBe(tip);
    expect(Number.isFinite(Date.parse(status.node.tipTime))).toBe(true);
    expect(status.appliedHeight).toBe(tip - 5);
    expect(status.lagBlocks).toBe(0);
    expect(Object.keys(status.queues)).toEqual(expect.arrayContaining(['chain.blocks', 'snapshots', 'notify', 'payouts']));
  }, 300_000);

  it('status --check judges health; sync --json prints its result', async () => {
    const tip = sim.chain.tipHeight;
    const status = JSON.parse((await ppm(['status', '--json'], env)).stdout) as { node: { tipTime: string } };
    // --check: healthy with a stale-tip limit beyond the scenario's block times; the same tip is stalled at 1 minute.
    const ageMin = Math.ceil((Date.now() - Date.parse(status.node.tipTime)) / 60_000);
    const healthy = await ppm(['status', '--check'], { ...env, PPM_STALE_AFTER_MIN: String(ageMin + 60) });
    expect(healthy.stdout).toContain('health: ok');
    expect(healthy.code).toBe(0);
    if (ageMin > 2) {
      const stalled = await ppm(['status', '--check', '--json'], { ...env, PPM_STALE_AFTER_MIN: '1' });
      expect(stalled.code).toBe(1);
      expect((JSON.parse(stalled.stdout) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^node stalled: no new block for \d+ min/)]);
      expect(stalled.stderr).toContain('ppm: unhealthy: node stalled');
    }

    // Again with --json: nothing left to do, the result on stdout as JSON.
    const again = await ppm(['sync', '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(expect.objectContaining({ synced: true, toHeight: tip - 5, appliedHeight: tip - 5, firstHeight: 5500 }));
  }, 240_000);

  it('replays the synced range against the chain: no difference, also with another fee setting (each block keeps its recorded terms)', async () => {
    const to = sim.chain.tipHeight - 5;
    const same = await ppm(['replay', '--from', '5500', '--to', String(to)], env);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('the ledger matches the chain');
    // Changing PPM_POOL_FEE_BPS changes no block already credited: replay recomputes with the recorded 250 bps
    // (a tampered entry is caught: replay-rules.int.test).
    const other = await ppm(['replay', '--from', '5505', '--to', '5507', '--json'], { ...env, PPM_POOL_FEE_BPS: '100' });
    expect(other.code).toBe(0);
    expect(JSON.parse(other.stdout)).toEqual({ from: 5505, to: 5507, differences: [] });
  }, 120_000);

  it('a node behind the ledger: ppm status shows the wait, nothing is reversed; a stall stops ppm sync (exit 1) naming the block', async () => {
    const tip = sim.chain.tipHeight;
    sim.chain.view.fallBehind(tip, 150);
    try {
      const text = await ppm(['status'], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`chain: node behind the ledger by ${150 - 5} blocks (reindexing / catching up): node at ${tip - 150}, ledger at ${tip - 5}`);
      const json = JSON.parse((await ppm(['status', '--json'], env)).stdout) as { chainFollow: { state: string; message: string } };
      expect(json.chainFollow).toMatchObject({ state: 'node-behind', message: `node behind the ledger by ${150 - 5} blocks (reindexing / catching up)` });
    } finally {
      sim.chain.view.catchUp();
    }
    const back = await ppm(['status', '--json'], env);
    expect((JSON.parse(back.stdout) as { chainFollow: { state: string } }).chainFollow.state).toBe('following');

    // The snapshotter cannot read new blocks (the node answers getblock with -28 for a while): a stall.
    sim.chain.mine(6, { kind: 'pow' });
    sim.faults.inject({ method: 'getblock', kind: 'warmup', times: 100_000 });
    try {
      const stalled = await ppm(['sync'], { ...env, PPM_STALL_RETRIES: '1' });
      expect(stalled.code).toBe(1);
      expect(stalled.stderr).toContain(`sync stopped: stalled: block ${tip - 4} ${sim.chain.blockHash(tip - 4)} has waited`);
      expect(stalled.stderr).toContain('for the snapshotter (status seen)');
    } finally {
      sim.faults.clear();
    }
    const done = await ppm(['sync'], env);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`every block up to ${sim.chain.tipHeight - 5} applied`);
    const replay = await ppm(['replay', '--from', '5500', '--to', String(sim.chain.tipHeight - 5)], env);
    expect(replay.stdout).toContain('the ledger matches the chain');
  }, 180_000);

  it('ppm reorg accept refuses when no deep reorg waits, and a malformed hash', async () => {
    const none = await ppm(['reorg', 'accept', 'ab'.repeat(32)], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no deep reorg waits for acceptance');
    const bad = await ppm(['reorg', 'accept', 'xyz'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('<hash> must be a 64-hex block hash');
  }, 60_000);

  it('exits 75 with a clear message when the node is unreachable', async () => {
    const r = await ppm(['sync'], { ...env, QTUM_RPC_URL: 'http://ppm:ppm@127.0.0.1:9/', PPM_RPC_TIMEOUT_MS: '1000' });
    expect(r.code).toBe(75);
    expect(r.stderr).toMatch(/qtumd is unreachable at http:\/\/127\.0\.0\.1:9\/.*QTUM_RPC_URL/);
    expect(r.stderr).not.toContain('ppm:ppm');
  }, 120_000);

  it('ppm status probes the node once with a 2 s bound: down or silent, it answers at once, exits 1, and --check lists why', async () => {
    // What a status costs with the node up (process start, ledger, queues): the machine may be loaded; the probe of
    // a node that is down must add at most its 2 s (5 attempts with backoff used to add 3 s refused, 25 s silent).
    let started = Date.now();
    expect((await ppm(['status', '--json'], env)).code).toBe(0);
    const bound = Math.max(5_000, Date.now() - started + 3_000);
    const port = await closedPort();
    // PPM_RPC_TIMEOUT_MS stays the services' 30 s: the probe's own bound applies.
    const down = { ...env, QTUM_RPC_URL: `http://ppm:ppm@127.0.0.1:${port}/` };
    started = Date.now();
    const plain = await ppm(['status'], down);
    expect(Date.now() - started).toBeLessThan(bound);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(new RegExp(`^node unreachable at http://127\\.0\\.0\\.1:${port}/ \\(ECONNREFUSED\\)$`, 'm'));
    expect(plain.stderr).toBe(`ppm: node unreachable at http://127.0.0.1:${port}/ (ECONNREFUSED)\n`);
    expect(plain.stdout + plain.stderr).not.toContain('ppm:ppm');
    started = Date.now();
    const check = await ppm(['status', '--check', '--json'], down);
    expect(Date.now() - started).toBeLessThan(bound);
    expect(check.code).toBe(1);
    const body = JSON.parse(check.stdout) as { healthy: boolean; problems: string[]; node: { error: string } };
    expect(body.healthy).toBe(false);
    expect(body.node).toEqual({ error: `node unreachable at http://127.0.0.1:${port}/ (ECONNREFUSED)` });
    expect(body.problems).toEqual([`node unreachable at http://127.0.0.1:${port}/ (ECONNREFUSED)`]);
    // A node that accepts the connection and never answers (hung qtumd, or a proxy in front of a dead one).
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const silentPort = (silent.address() as net.AddressInfo).port;
      started = Date.now();
      const hung = await ppm(['status', '--check'], { ...env, QTUM_RPC_URL: `http://ppm:ppm@127.0.0.1:${silentPort}/` });
      expect(Date.now() - started).toBeLessThan(bound);
      expect(hung.code).toBe(1);
      expect(hung.stdout).toContain(`node unreachable at http://127.0.0.1:${silentPort}/ (ETIMEDOUT)`);
    } finally {
      silent.close();
    }
  }, 90_000);

  it('validates every set variable before any command, cron and time zone included, all problems at once', async () => {
    // `rewards` needs neither: they are checked because they are set.
    const r = await ppm(['rewards'], { ...env, PPM_PAYOUT_CRON: '0 24 * * *', PPM_PAYOUT_TZ: 'Europe/Paris2', PPM_MAX_OUTPUTS_PER_TX: '0' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PPM_PAYOUT_CRON: must be a cron pattern/);
    expect(r.stderr).toContain('PPM_PAYOUT_TZ: must be an IANA time zone');
    expect(r.stderr).toContain('PPM_MAX_OUTPUTS_PER_TX');
    expect(r.stdout).toBe('');
    // --help and --version still work with a bad environment (nothing runs).
    expect((await ppm(['--version'], { PPM_PAYOUT_TZ: 'nowhere' })).code).toBe(0);
  });

  it('exits 1 listing every configuration problem at once', async () => {
    const r = await ppm(['sync'], { ...env, QTUM_RPC_URL: 'not a url', PPM_CONFIRMATIONS: 'five', PPM_STAKER_ADDRESS: 'qNotAnAddress' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('QTUM_RPC_URL');
    expect(r.stderr).toContain('PPM_CONFIRMATIONS: must be a whole number');
    expect(r.stderr).toContain('PPM_STAKER_ADDRESS');
  });
});
