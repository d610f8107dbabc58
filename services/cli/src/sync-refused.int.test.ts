import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { PPM_MAIN, runPpm as ppm } from './test/run-ppm';

// qtumd refusing for good (a call missing from the user's rpcwhitelist line: HTTP 403 with an empty body; wrong
// credentials: 401) must stop `ppm sync` at once with what to change, not leave it waiting for blocks that the
// pipeline can never apply (before: the watcher's poll and the snapshot job's heal retried it forever).
const ROOT = path.resolve(__dirname, '../../..');
const SCENARIO = path.join(ROOT, 'libs/qtum-sim/scenarios/small.json');

/** ppm-reader's methods from deploy/qtum/qtum.conf: the whitelist a sync needs. */
function readerMethods(): string[] {
  const line = fs.readFileSync(path.join(ROOT, 'deploy/qtum/qtum.conf'), 'utf8').split('\n').find((l) => l.startsWith('rpcwhitelist=ppm-reader:'));
  if (!line) throw new Error('deploy/qtum/qtum.conf has no ppm-reader line');
  return line.slice('rpcwhitelist=ppm-reader:'.length).trim().split(',');
}

describe('ppm sync fails fast when qtumd refuses a call for good', () => {
  let sim: SimHandle;
  let dir: string;
  const prefix = `test-refused-${randomUUID().slice(0, 8)}`;
  let base: Record<string, string>;
  const urlAs = (user: string, password: string): string => {
    const u = new URL(sim.url);
    u.username = user;
    u.password = password;
    return u.toString();
  };
  const without = (m: string) => readerMethods().filter((x) => x !== m);

  beforeAll(async () => {
    if (!fs.existsSync(PPM_MAIN)) throw new Error(`${PPM_MAIN} is missing: run \`npm run build\` first`);
    expect(readerMethods()).toEqual(expect.arrayContaining(['getblock', 'getaddressdeltas']));
    sim = await startSimulator({
      scenario: SCENARIO,
      rpcUsers: [
        { user: 'no-getblock', password: 'p1', whitelist: without('getblock') },
        { user: 'no-deltas', password: 'p2', whitelist: without('getaddressdeltas') },
        { user: 'reader', password: 'right', whitelist: readerMethods() },
      ],
      rpcWhitelistDefault: true,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-refused-'));
    base = {
      PPM_NETWORK: 'regtest', PPM_STAKER_ADDRESS: sim.chain.staker.address, PPM_DATA_DIR: dir, PPM_START_HEIGHT: '5500',
      PPM_POLL_INTERVAL_MS: '200', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', PPM_LOG_LEVEL: 'error',
    };
    expect((await ppm(['migrate'], base)).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it.each([
    // getblock is first called by the snapshot job (a batch); getaddressdeltas inside it, alone.
    ['no-getblock', 'p1', 'getblock'],
    ['no-deltas', 'p2', 'getaddressdeltas'],
  ])('user %s: exit 1 naming the method and the rpcwhitelist line to change', async (user, password, method) => {
    const started = Date.now();
    const r = await ppm(['sync'], { ...base, QTUM_RPC_URL: urlAs(user, password), PPM_QUEUE_PREFIX: `${prefix}-${user}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ppm: sync stopped: .*HTTP 403, rpcwhitelist/m);
    expect(r.stderr).toContain(`add ${method} to the rpcwhitelist line of user ${user} in qtum.conf (rpcwhitelist=${user}:<its methods>,${method})`);
    expect(r.stderr).not.toContain(password);
    // It used to wait forever; the first refused job or tick ends it.
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it('wrong credentials (401): exit 1 at once, saying to check QTUM_RPC_URL', async () => {
    const started = Date.now();
    const r = await ppm(['sync'], { ...base, QTUM_RPC_URL: urlAs('reader', 'wrong-pw'), PPM_QUEUE_PREFIX: `${prefix}-401` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused the credentials in QTUM_RPC_URL/);
    expect(r.stderr).not.toContain('wrong-pw');
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it('the same node and ledger sync to the end with the full reader line (the refusals changed nothing)', async () => {
    const r = await ppm(['sync', '--json'], { ...base, QTUM_RPC_URL: urlAs('reader', 'right'), PPM_QUEUE_PREFIX: `${prefix}-ok` });
    expect(r.stderr).not.toMatch(/403/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ synced: true });
  }, 180_000);
});
