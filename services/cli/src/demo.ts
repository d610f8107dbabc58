#!/usr/bin/env node
/**
 * `npm run demo`: a simulated pool, end to end, narrated for a human. It starts the qtumd simulator with the
 * demo scenario (a pool of a few dozen delegates, a block every 2 s), a local SMTP sink, and every PPM service
 * in this process exactly as `ppm run` composes them (embedded PGlite, the local Redis). It shows rewards being
 * credited, then plans a payout, approves it by its hash as an operator would, and follows it to confirmation.
 * Logs go to <data dir>/ppm.log; the console shows what happens. `--once` exits after the payout is paid.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { formatQtum } from '@ppm/chain';
import { getRewards } from '@ppm/ledger';
import { approve, proposePlan, executePlan } from '@ppm/payout';
import { startSimulator } from '@ppm/qtum-sim';
import { createLogger } from '@ppm/runtime';
import { createServiceContext } from '@ppm/service-host';
import { startAll } from './compose';

const SCENARIO = path.resolve(__dirname, '../../../libs/qtum-sim/scenarios/demo.json');
const CONFIRMATIONS = 2;
const PAYOUT_CONFIRMATIONS = 3;
const POOL_BLOCKS_BEFORE_PAYOUT = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const out = (line: string) => process.stdout.write(`${line}\n`);
const short = (h: string) => `${h.slice(0, 12)}…`;

async function redisReachable(url: string): Promise<boolean> {
  const r = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2_000, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/** A local SMTP server that prints every mail PPM sends. */
async function startMailSink(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
      stream.on('end', () => {
        const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? '(no subject)';
        out(`  ✉  mail to the operator: ${subject}`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function main(): Promise<number> {
  const once = process.argv.includes('--once');
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await redisReachable(redisUrl))) {
    out(`Redis is not reachable at ${redisUrl}. PPM's queues need it. Start one, for example:`);
    out('  sudo apt-get install -y redis-server && redis-server --daemonize yes --save "" --appendonly no');
    out('or set REDIS_URL to a Redis you have, then run `npm run demo` again.');
    return 1;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-demo-'));
  out('Pool Payout Manager demo');
  out(`  data (PGlite ledger, signer journal, logs): ${dataDir}`);

  const sim = await startSimulator({ scenario: SCENARIO, port: 0 });
  const staker = sim.chain.staker.address;
  out(`  qtumd simulator: regtest, tip ${sim.chain.tipHeight}, super staker ${staker}, a block every 2 s`);
  const mail = await startMailSink();
  out(`  SMTP sink on 127.0.0.1:${mail.port}`);

  const passFile = path.join(dataDir, 'wallet-passphrase');
  fs.writeFileSync(passFile, 'ppm-demo-pass', { mode: 0o600 });
  const env: Record<string, string | undefined> = {
    ...process.env,
    QTUM_RPC_URL: sim.url,
    PPM_NETWORK: 'regtest',
    PPM_STAKER_ADDRESS: staker,
    PPM_DATA_DIR: dataDir,
    DATABASE_URL: undefined,
    // One process on its own fresh PGlite: the documented case for migrating at start (services otherwise refuse
    // a schema older than their code and ask for `ppm migrate`).
    PPM_AUTO_MIGRATE: '1',
    REDIS_URL: redisUrl,
    PPM_QUEUE_PREFIX: `ppm-demo-${path.basename(dataDir).slice(-6)}`,
    PPM_CONFIRMATIONS: String(CONFIRMATIONS),
    PPM_PAYOUT_CONFIRMATIONS: String(PAYOUT_CONFIRMATIONS),
    PPM_POLL_INTERVAL_MS: '500',
    PPM_START_HEIGHT: String(sim.chain.tipHeight - CONFIRMATIONS),
    PPM_WALLET_PASSPHRASE_FILE: passFile,
    PPM_PAYOUT_APPROVAL: 'manual',
    PPM_SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
    PPM_MAIL_TO: 'operator@pool.example',
    PPM_MAIL_FROM: 'ppm@pool.example',
    PPM_API_LISTEN: process.env.PPM_API_LISTEN ?? '127.0.0.1:0',
    PPM_LOG_LEVEL: process.env.PPM_LOG_LEVEL ?? 'info',
  };
  const log = createLogger({ name: 'ppm-demo', level: env.PPM_LOG_LEVEL ?? 'info', destination: pino.destination(path.join(dataDir, 'ppm.log')) });
  const ctx = createServiceContext('ppm', env, log);
  const comp = await startAll(ctx);
  out(`\nDashboard: ${comp.apiUrl}/   (API: ${comp.apiUrl}/v1/status, OpenAPI: ${comp.apiUrl}/openapi.json)\n`);
  const stop = async () => {
    for (const h of [...comp.hosted].reverse()) await h.stop().catch(() => undefined);
    await ctx.shutdown.run();
    await sim.close();
    await mail.close();
  };
  let interrupted = false;
  process.once('SIGINT', () => { interrupted = true; });
  process.once('SIGTERM', () => { interrupted = true; });

  const db = await ctx.db();
  let lastHeight = -1;
  let poolBlocks = 0;
  const showRewards = async () => {
    for (const r of await getRewards(db, { from: lastHeight + 1 })) {
      lastHeight = r.height;
      if (r.kind === 'self') {
        out(`  ⛏  block ${r.height}: staked with the pool's own coins, ${formatQtum(r.rewardSats)} QTUM of pool revenue`);
        continue;
      }
      poolBlocks++;
      const top = [...r.shares].sort((a, b) => (b.shareSats > a.shareSats ? 1 : -1))[0];
      out(`  ⛏  block ${r.height}: pool block, ${formatQtum(r.rewardSats)} QTUM credited to ${r.shares.length} delegates by mature weight`
        + (top ? ` (largest share ${formatQtum(top.shareSats)} to ${top.address})` : ''));
    }
  };

  try {
    out('Rewards, as each block gets its confirmations:');
    const started = Date.now();
    while (poolBlocks < POOL_BLOCKS_BEFORE_PAYOUT && !interrupted) {
      await showRewards();
      if (Date.now() - started > 120_000) throw new Error('no pool blocks credited within 2 minutes; see the log');
      await sleep(500);
    }
    if (interrupted) return 0;
    const payout = comp.payout;
    if (!payout) throw new Error('payouts are disabled');

    // Manual approval releases exactly the plan reviewed; new rewards would change it. The demo pauses block
    // production while "the operator" reviews, as a quiet moment between pool blocks would.
    sim.chain.stopAutoMine();
    while ((await getRewards(db, { from: lastHeight + 1 })).length > 0 || lastHeight < sim.chain.tipHeight - CONFIRMATIONS - 1) {
      await showRewards();
      await sleep(300);
    }
    const settings = payout.app.context.settings;
    const proposal = await proposePlan(db, settings);
    const plan = proposal.plan;
    out(`\nPayout planned: ${plan.delegatesPaid} delegates, ${formatQtum(plan.totalSats)} QTUM in ${plan.batches.length} transaction(s); smaller balances carry over.`);
    out(`  plan hash ${plan.hash} (status ${proposal.status}; the operator is mailed and approves with \`ppm payout approve <hash>\`)`);
    await sleep(1_500);
    const approved = await approve(db, plan.hash, settings, 'demo');
    out(`  ✔  approved ${short(approved.planHash)}: exactly this plan is released to the signer`);
    sim.chain.startAutoMine(2_000, [{ kind: 'pool' }, { kind: 'pool' }, { kind: 'self' }]);
    const batches = await executePlan(payout.app.context, plan.hash);
    for (const b of batches) out(`  ✍  signed by the isolated signer (wallet back to staking-only) and broadcast: txid ${b.txid ?? '?'}`);

    const seen = new Map<string, string>();
    for (;;) {
      if (interrupted) return 0;
      await showRewards();
      const r = await db.query<{ batch_id: string; state: string; txid: string | null; confirmations: number }>(
        'SELECT batch_id, state, txid, confirmations FROM payout_batches WHERE plan_hash = $1 ORDER BY batch_index', [plan.hash]);
      for (const b of r.rows) {
        const key = `${b.state}:${b.confirmations}`;
        if (seen.get(b.batch_id) !== key) {
          seen.set(b.batch_id, key);
          out(`  ⧗  payout ${short(b.txid ?? b.batch_id)}: ${b.state}, ${b.confirmations}/${PAYOUT_CONFIRMATIONS} confirmations`);
        }
      }
      if (r.rows.length > 0 && r.rows.every((b) => b.state === 'paid')) break;
      if (r.rows.some((b) => b.state === 'dropped' || b.state === 'failed')) throw new Error('a payout batch was dropped; see the log');
      await sleep(700);
    }
    out(`\nPayout confirmed and paid: every delegate's balance moved to "paid" in the ledger (${((Date.now() - started) / 1000).toFixed(0)} s since start).`);
    out(`Dashboard: ${comp.apiUrl}/  (look up any delegate address above)`);
    if (once) return 0;
    out('The pool keeps running. Ctrl-C to stop.');
    while (!interrupted) {
      await showRewards();
      await sleep(1_000);
    }
    return 0;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
