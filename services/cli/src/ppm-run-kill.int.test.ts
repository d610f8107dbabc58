import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { openPostgres, type Db } from '@ppm/ledger';
import { loadScenario, startSimulator, type SimHandle } from '@ppm/qtum-sim';

/**
 * Kill -9 of `ppm run` (payouts every 10 s, auto approval, in-process signer) at random moments while the chain
 * grows, then one uninterrupted run to the end. The ledger must equal an uninterrupted `ppm sync` of the same
 * chain, and no delegate may have received on chain more than the ledger says was paid or is in flight.
 * Runs the built `ppm` (dist/main.js) as a user would, on real Postgres and Redis; bounded to about 2 minutes.
 */
const PPM = path.resolve(__dirname, '../dist/main.js');
const SCENARIO = path.resolve(__dirname, '../../../libs/qtum-sim/scenarios/demo.json');
const CONFIRMATIONS = 2;
const PAYOUT_CONFIRMATIONS = 2;
const KILL_PHASE_MS = 40_000;
// Settling takes ~20 s on an idle machine; the margin is for a loaded one (CI runs two packages at once).
const FINAL_PHASE_MS = 150_000;
const MIN_PAYOUT_SATS = 100_000n;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(args: string[], env: Record<string, string>, logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  return spawn(process.execPath, [PPM, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', out, out] });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function ppmOnce(args: string[], env: Record<string, string>, logFile: string): Promise<void> {
  const code = await exited(start(args, env, logFile));
  if (code !== 0) throw new Error(`ppm ${args.join(' ')} exited ${code}; see ${logFile}`);
}

/** A new empty database on the test Postgres server, and its URL. */
async function createDatabase(admin: Db, adminUrl: string, name: string): Promise<string> {
  await admin.exec(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Non-payout ledger sums per (kind, address): what accrual wrote, independent of payout timing. */
async function accrualSums(db: Db): Promise<Record<string, string>> {
  const r = await db.query<{ k: string; s: string }>(
    `SELECT e.kind || ':' || coalesce(r.kind, '') || ':' || coalesce(e.address, '') AS k, sum(e.amount_sats)::text AS s
     FROM ledger_entries e LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
     WHERE e.kind NOT LIKE 'payout_%' GROUP BY 1 ORDER BY 1`);
  return Object.fromEntries(r.rows.map((x) => [x.k, x.s]));
}

/** What the chain paid each address in ordinary txs above `fromHeight`, mempool included. */
function chainReceived(sim: SimHandle, addresses: readonly string[], fromHeight: number): Map<string, bigint> {
  const scripts = new Map(addresses.map((a) => [`76a914${sim.chain.hash160Of(a)}88ac`, a]));
  const out = new Map<string, bigint>(addresses.map((a) => [a, 0n]));
  const count = (vout: readonly { script: string; value: bigint }[]) => {
    for (const o of vout) {
      const a = scripts.get(o.script);
      if (a) out.set(a, (out.get(a) ?? 0n) + o.value);
    }
  };
  for (let h = fromHeight + 1; h <= sim.chain.tipHeight; h++) {
    for (const t of sim.chain.block(h)?.txs ?? []) if (!t.isCoinbase && !t.isCoinstake) count(t.tx.vout);
  }
  for (const e of sim.chain.state.mempool.all()) count(e.tx.tx.vout);
  return out;
}

const adminUrl = process.env.PPM_TEST_DATABASE_URL;

describe('kill -9 of ppm run while the chain grows', () => {
  let sim: SimHandle;
  let admin: Db;
  let dataDir: string;
  const tag = randomUUID().slice(0, 8);
  const names = { run: `ppm_kill_${tag}`, ref: `ppm_kill_ref_${tag}` };
  const prefixes = [`test-kill-${tag}`, `test-kill-ref-${tag}`];
  const children: ChildProcess[] = [];
  // Set once the test passed: on a failure the data folder (ppm.log, the signer's journal) is kept to look at.
  let passed = false;

  beforeAll(async () => {
    if (!fs.existsSync(PPM)) throw new Error(`${PPM} is missing: run \`npm run build\` first`);
    // Postgres, not PGlite: a kill -9 must meet the durability of the production database.
    if (!adminUrl) throw new Error('PPM_TEST_DATABASE_URL is not set: this test needs a Postgres server (see jest.global-setup.js)');
    // The test drives block production itself (auto-mining during the kill phase, single blocks after).
    const { autoMine: _unused, ...scenario } = loadScenario(SCENARIO);
    sim = await startSimulator({ scenario, port: 0 });
    admin = await openPostgres({ url: adminUrl });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-kill-'));
  }, 60_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    sim?.chain.stopAutoMine();
    await sim?.close();
    if (passed) for (const n of Object.values(names)) await admin?.exec(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`).catch(() => undefined);
    await admin?.close();
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    for (const p of prefixes) {
      const keys = await redis.keys(`${p}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
    if (dataDir && passed) fs.rmSync(dataDir, { recursive: true, force: true });
    else if (dataDir) process.stderr.write(`kill -9 test failed: its data folder (ppm.log, signer journal) is kept in ${dataDir}\n`);
  });

  it('the ledger equals an uninterrupted run; nobody got more on chain than paid + in flight', async () => {
    const startHeight = sim.chain.tipHeight - CONFIRMATIONS;
    const passFile = path.join(dataDir, 'wallet-passphrase');
    fs.writeFileSync(passFile, 'ppm-demo-pass', { mode: 0o600 });
    const base = {
      QTUM_RPC_URL: sim.url, PPM_NETWORK: 'regtest', PPM_STAKER_ADDRESS: sim.chain.staker.address,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', PPM_CONFIRMATIONS: String(CONFIRMATIONS),
      PPM_POLL_INTERVAL_MS: '200', PPM_START_HEIGHT: String(startHeight), PPM_LOG_LEVEL: 'warn', PPM_API_LISTEN: '127.0.0.1:0',
    };
    const env: Record<string, string> = {
      ...base, DATABASE_URL: await createDatabase(admin, adminUrl!, names.run), PPM_DATA_DIR: path.join(dataDir, 'run'),
      PPM_QUEUE_PREFIX: prefixes[0]!, PPM_WALLET_PASSPHRASE_FILE: passFile, PPM_PAYOUT_APPROVAL: 'auto',
      PPM_PAYOUT_CRON: '*/10 * * * * *', PPM_PAYOUT_CONFIRMATIONS: String(PAYOUT_CONFIRMATIONS),
      PPM_MIN_PAYOUT_SATS: String(MIN_PAYOUT_SATS),
    };
    const logFile = path.join(dataDir, 'ppm.log');
    await ppmOnce(['migrate'], env, logFile);
    sim.chain.startAutoMine(1_000, [{ kind: 'pool' }, { kind: 'pool' }, { kind: 'self' }]);

    // Kill phase: start, let it work a random while (mid-sync, mid-plan, mid-sign, mid-broadcast...), kill -9.
    const killedAfterMs: number[] = [];
    const phaseEnd = Date.now() + KILL_PHASE_MS;
    while (Date.now() < phaseEnd) {
      const child = start(['run'], env, logFile);
      children.push(child);
      const ms = 1_500 + Math.floor(Math.random() * 5_000);
      await sleep(ms);
      child.kill('SIGKILL');
      await exited(child);
      killedAfterMs.push(ms);
    }
    expect(killedAfterMs.length).toBeGreaterThanOrEqual(5);

    // Final phase: pool blocks stop; an uninterrupted run catches up, pays and settles what is left.
    sim.chain.stopAutoMine();
    const last = start(['run'], env, logFile);
    children.push(last);
    const db = await openPostgres({ url: env.DATABASE_URL! });
    try {
      const deadline = Date.now() + FINAL_PHASE_MS;
      for (;;) {
        if (Date.now() > deadline) throw new Error(`not settled within ${FINAL_PHASE_MS} ms (kills after ${killedAfterMs.join(', ')} ms); see ${logFile}`);
        sim.chain.mine(1, { kind: 'pow' });
        await sleep(700);
        const q = await db.query<{ applied: number | null; open: string; owed: string }>(
          `SELECT (SELECT max(height) FROM block_applications) AS applied,
                  (SELECT count(*) FROM payout_batches WHERE state NOT IN ('paid', 'dropped', 'failed'))::text AS open,
                  (SELECT count(*) FROM delegate_balances WHERE accrued_sats - in_flight_sats - paid_sats >= $1)::text AS owed`,
          [MIN_PAYOUT_SATS.toString()]);
        const row = q.rows[0];
        if (row && (row.applied ?? 0) >= sim.chain.tipHeight - CONFIRMATIONS && row.open === '0' && row.owed === '0') break;
      }
      last.kill('SIGTERM');
      await exited(last);

      // The reference: one uninterrupted sync of the same (now final) chain on an empty ledger.
      const refEnv = { ...base, DATABASE_URL: await createDatabase(admin, adminUrl!, names.ref), PPM_DATA_DIR: path.join(dataDir, 'ref'), PPM_QUEUE_PREFIX: prefixes[1]! };
      await ppmOnce(['migrate'], refEnv, logFile);
      await ppmOnce(['sync'], refEnv, logFile);
      const ref = await openPostgres({ url: refEnv.DATABASE_URL });
      try {
        const [mine, theirs] = [await accrualSums(db), await accrualSums(ref)];
        expect(Object.keys(mine).length).toBeGreaterThan(10);
        // Blocks the final run applied after the reference synced (none: the chain stopped) would differ here.
        expect(mine).toEqual(theirs);
      } finally {
        await ref.close();
      }

      const states = await db.query<{ state: string; n: string }>('SELECT state, count(*)::text AS n FROM payout_batches GROUP BY state');
      const byState = Object.fromEntries(states.rows.map((x) => [x.state, Number(x.n)]));
      expect(byState.paid ?? 0).toBeGreaterThanOrEqual(1);
      expect(byState.dropped ?? 0).toBe(0);
      const positions = await db.query<{ address: string; paid_sats: string; in_flight_sats: string }>(
        'SELECT address, paid_sats, in_flight_sats FROM delegate_balances');
      const ledger = new Map(positions.rows.map((x) => [x.address, BigInt(x.paid_sats) + BigInt(x.in_flight_sats)]));
      const delegates = sim.chain.delegates().map((d) => d.address);
      const onChain = chainReceived(sim, delegates, startHeight);
      let totalPaid = 0n;
      for (const a of delegates) {
        const received = onChain.get(a) ?? 0n;
        // Never more than the ledger's paid + in flight; with nothing in flight at the end, exactly paid.
        expect({ a, received }).toEqual({ a, received: ledger.get(a) ?? 0n });
        totalPaid += received;
      }
      expect(totalPaid).toBeGreaterThan(0n);
      passed = true;
    } finally {
      await db.close();
    }
  }, 300_000);
});
