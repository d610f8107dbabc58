import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { PPM_MAIN, runPpm as ppm } from './test/run-ppm';

// deploy/qtum/qtum.conf applied at runtime: the simulator enforces its rpcwhitelist lines (rpcwhitelistdefault=1)
// as qtumd does, and each part of PPM runs as its own RPC user: sync/status as ppm-reader, the signer as
// ppm-signer (own process, mTLS), payout as ppm-payout. A call missing from a line is an HTTP 403 and fails here.
const PPM = PPM_MAIN;
const ROOT = path.resolve(__dirname, '../../..');
const SCENARIO = path.join(ROOT, 'libs/qtum-sim/scenarios/demo.json');

function whitelists(): { user: string; password: string; whitelist: string[] }[] {
  const lines = fs.readFileSync(path.join(ROOT, 'deploy/qtum/qtum.conf'), 'utf8').split('\n').map((l) => l.trim());
  expect(lines).toContain('rpcwhitelistdefault=1');
  return lines.filter((l) => /^rpcwhitelist=ppm-[a-z]+:/.test(l)).map((l) => {
    const [user, list] = l.slice('rpcwhitelist='.length).split(':') as [string, string];
    return { user, password: `${user}-pw`, whitelist: list.split(/[, ]+/).filter(Boolean) };
  });
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const c = net.connect(port, '127.0.0.1', () => { c.destroy(); r(true); });
      c.once('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on ${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('each role runs with only its qtum.conf whitelist (simulator enforcing rpcwhitelist)', () => {
  let sim: SimHandle;
  let dir: string;
  let signer: ChildProcess | undefined;
  let signerErr = '';
  const prefix = `test-roles-${randomUUID().slice(0, 8)}`;
  const users = whitelists();
  const urlOf = (user: string): string => {
    const u = new URL(sim.url);
    u.username = user;
    u.password = `${user}-pw`;
    return u.toString();
  };
  let base: Record<string, string>;

  beforeAll(async () => {
    if (!fs.existsSync(PPM)) throw new Error(`${PPM} is missing: run \`npm run build\` first`);
    expect(users.map((u) => u.user).sort()).toEqual(['ppm-payout', 'ppm-reader', 'ppm-signer']);
    sim = await startSimulator({ scenario: SCENARIO, rpcUsers: users, rpcWhitelistDefault: true });
    sim.chain.stopAutoMine();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-roles-'));
    base = {
      PPM_NETWORK: 'regtest', PPM_STAKER_ADDRESS: sim.chain.staker.address, PPM_DATA_DIR: dir,
      PPM_START_HEIGHT: String(sim.chain.tipHeight - 12), PPM_CONFIRMATIONS: '2', PPM_PAYOUT_CONFIRMATIONS: '1',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', PPM_QUEUE_PREFIX: prefix, PPM_LOG_LEVEL: 'warn',
    };
  }, 60_000);

  afterAll(async () => {
    if (signer && signer.exitCode === null) {
      signer.kill('SIGTERM');
      await new Promise((r) => signer!.once('exit', r));
    }
    await sim?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('ppm-reader: migrate, sync and status', async () => {
    expect((await ppm(['migrate'], base)).code).toBe(0);
    const env = { ...base, QTUM_RPC_URL: urlOf('ppm-reader') };
    const sync = await ppm(['sync'], env);
    expect(sync.stderr).not.toMatch(/403|error/i);
    expect(sync.code).toBe(0);
    const status = await ppm(['status', '--json'], env);
    expect(status.stderr).not.toMatch(/403/);
    expect(JSON.parse(status.stdout)).toMatchObject({ lagBlocks: 0 });
  }, 180_000);

  it('ppm-signer (its own process) signs and ppm-payout broadcasts a payout', async () => {
    const tls = path.join(dir, 'tls');
    expect((await ppm(['certs', '--out', tls], base)).code).toBe(0);
    const pass = path.join(dir, 'passphrase');
    fs.writeFileSync(pass, 'ppm-demo-pass', { mode: 0o600 });
    const port = await freePort();
    signer = spawn(process.execPath, [PPM, 'signer'], {
      env: {
        // Auto approval on both sides (a manual-mode signer signs only operator-approved plans).
        PATH: process.env.PATH ?? '', ...base, QTUM_RPC_URL: urlOf('ppm-signer'), PPM_SIGNER_LISTEN: `127.0.0.1:${port}`, PPM_PAYOUT_APPROVAL: 'auto',
        PPM_WALLET_PASSPHRASE_FILE: pass, PPM_SIGNER_JOURNAL: path.join(dir, 'journal.jsonl'),
        PPM_TLS_CA: path.join(tls, 'ca.pem'), PPM_TLS_CERT: path.join(tls, 'signer.pem'), PPM_TLS_KEY: path.join(tls, 'signer-key.pem'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    signer.stderr!.on('data', (c: Buffer) => { signerErr += c.toString(); });
    await waitForPort(port, 60_000);
    const run = await ppm(['payout', 'run', '--json'], {
      ...base, QTUM_RPC_URL: urlOf('ppm-payout'), PPM_PAYOUT_APPROVAL: 'auto', PPM_SIGNER_URL: `127.0.0.1:${port}`,
      PPM_TLS_CA: path.join(tls, 'ca.pem'), PPM_TLS_CERT: path.join(tls, 'payout.pem'), PPM_TLS_KEY: path.join(tls, 'payout-key.pem'),
    });
    expect(run.stderr).not.toMatch(/403/);
    expect(signerErr).not.toMatch(/403/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { status: string; batches: { state: string; txid: string | null }[] };
    expect(result.status).toBe('broadcast');
    expect(result.batches.length).toBeGreaterThan(0);
    for (const b of result.batches) expect(b.txid).toMatch(/^[0-9a-f]{64}$/);
    // Back to staking-only after signing (never walletlock, which no role may call).
    sim.wallet.assertStakingOnly();
  }, 240_000);

  it('the default user has no line: qtumd refuses it everything, with a clear permanent error', async () => {
    const r = await ppm(['sync'], { ...base, QTUM_RPC_URL: sim.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/qtumd refused the call for this RPC user \(HTTP 403, rpcwhitelist\)/);
  }, 60_000);
});
