// Memory: peak RSS (/usr/bin/time -v, and the sampled sum over the process tree) of `ppm sync` and `ppm run` at
// 10,000 delegates x 20 coins against the simulator in its own process, run as a user runs them (the launcher,
// services/cli/bin/ppm.js, with its out-of-the-box heap limit), on Postgres (target < 300 MB) and PGlite (as low
// as possible); what an idle PGlite with the ledger's schema costs by itself; and `npm run demo -- --once`
// (target < 400 MB).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate, openPostgres } from '@ppm/ledger';
import { startSimProcess } from '../services/snapshotter/src/bench/sim-process';
import { measureNode, PPM_BIN } from './ppm-process';
import { report } from './types';

const DELEGATES = Number(process.env.PPM_BENCH_MEM_DELEGATES ?? 10_000);
const PG = process.env.PPM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const POOLS = [5201, 5202, 5203];
const TARGET_MB = 300;
const DEMO_TARGET_MB = 400;
const DEMO = path.join(__dirname, '..', 'services', 'cli', 'dist', 'demo.js');

async function withDatabase<T>(fn: (url: string, applied: () => Promise<number>) => Promise<T>): Promise<T> {
  const name = `ppm_mem_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG);
  url.pathname = `/${name}`;
  // Services never change the schema (least privilege): the operator's `ppm migrate`, done here untimed.
  const owner = await openPostgres({ url: url.toString() });
  await migrate(owner);
  await owner.close();
  const watch = new Client({ connectionString: url.toString() });
  await watch.connect();
  const applied = async () => {
    const r = await watch.query(`SELECT count(*) AS n FROM blocks WHERE status = 'applied'`).catch(() => ({ rows: [{ n: '0' }] }));
    return Number((r.rows[0] as { n?: string } | undefined)?.n ?? 0);
  };
  try {
    return await fn(url.toString(), applied);
  } finally {
    await watch.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const sim = await startSimProcess({
    seed: 'bench-mem',
    delegates: { count: DELEGATES, utxosPerDelegate: 20, minQtum: '100', maxQtum: '500' },
    timeline: [...POOLS.map((at) => ({ at, do: 'pool' as const })), { at: 5210, do: 'pow' }],
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-mem-'));
  const base = {
    QTUM_RPC_URL: sim.url, PPM_NETWORK: 'regtest', PPM_STAKER_ADDRESS: sim.staker, PPM_START_HEIGHT: '5195', PPM_CONFIRMATIONS: '5',
    PPM_POLL_INTERVAL_MS: '200', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', PPM_LOG_LEVEL: 'warn',
  };
  const blocks = 5210 - 5 - 5195 + 1;
  const prefix = () => `bench-mem-${randomBytes(4).toString('hex')}`;
  try {
    const pgSync = await withDatabase((url) => measureNode(PPM_BIN, ['sync'], { ...base, DATABASE_URL: url, PPM_QUEUE_PREFIX: prefix() }));
    // Before: V8's own heap sizing (grows lazily while memory is plentiful; the live set is far smaller).
    const pgSyncV8 = await withDatabase((url) => measureNode(PPM_BIN, ['sync'], { ...base, DATABASE_URL: url, PPM_QUEUE_PREFIX: prefix(), PPM_HEAP_MB: '0' }));
    // Stopped by SIGTERM once every block is applied; a run that dies first (a heap OOM) fails the benchmark.
    let runApplied = false;
    const pgRun = await withDatabase((url, applied) =>
      measureNode(PPM_BIN, ['run'], { ...base, DATABASE_URL: url, PPM_QUEUE_PREFIX: prefix(), PPM_API_LISTEN: '127.0.0.1:0', PPM_OPS_LISTEN: '127.0.0.1:0' },
        async () => (runApplied = (await applied()) >= blocks)));
    if (!runApplied) throw new Error(`ppm run stopped (exit ${pgRun.code}) before applying ${blocks} blocks:\n${pgRun.stderrTail}`);
    // The first start initialises the data folder (in a short-lived child process: /usr/bin/time reports the
    // largest process of the tree, so it is measured apart, with `ppm migrate`).
    const liteInit = await measureNode(PPM_BIN, ['migrate'], { ...base, PPM_DATA_DIR: dataDir });
    const liteSync = await measureNode(PPM_BIN, ['sync'], { ...base, PPM_DATA_DIR: dataDir, PPM_QUEUE_PREFIX: prefix() });
    // PGlite's own folder under PPM_DATA_DIR (libs/ledger/src/db/open.ts).
    const idle = await measureNode(path.join(__dirname, 'pglite-idle.js'), [path.join(dataDir, 'pglite')], {});
    // `npm run demo -- --once` after its build: 33 delegates, PGlite in a fresh folder, simulator in-process.
    const demo = await measureNode(DEMO, ['--once'], { REDIS_URL: base.REDIS_URL });
    const bad = [pgSync, pgSyncV8, liteInit, liteSync, idle, demo].find((m) => m.code !== 0);
    if (bad) throw new Error(`a measured process failed (exit ${bad.code}):\n${bad.stderrTail}`);
    // The heavier of the largest process and the sampled sum of the tree (the launcher's waiting parent counts).
    const peak = (m: { peakRssMb: number; treeRssMb: number }) => Math.max(m.peakRssMb, m.treeRssMb);
    report({
      id: 'MEM', title: `peak RSS of ppm at ${DELEGATES.toLocaleString('en')} delegates x 20 coins, simulator in its own process`,
      target: `< ${TARGET_MB} MB on Postgres; demo < ${DEMO_TARGET_MB} MB`,
      figures: {
        syncPostgresMb: pgSync.peakRssMb, syncPostgresTreeMb: pgSync.treeRssMb, runPostgresMb: pgRun.peakRssMb, runPostgresTreeMb: pgRun.treeRssMb,
        syncPostgresV8DefaultMb: pgSyncV8.peakRssMb, syncPgliteMb: liteSync.peakRssMb, syncPgliteTreeMb: liteSync.treeRssMb,
        pgliteIdleMb: idle.peakRssMb, pgliteFirstStartMb: liteInit.peakRssMb, demoMb: demo.peakRssMb, demoTreeMb: demo.treeRssMb,
        syncPostgresMs: Math.round(pgSync.ms), syncPostgresV8DefaultMs: Math.round(pgSyncV8.ms), syncPgliteMs: Math.round(liteSync.ms),
      },
      pass: peak(pgSync) < TARGET_MB && peak(pgRun) < TARGET_MB && peak(demo) < DEMO_TARGET_MB,
      notes: `${POOLS.length} pool blocks; ppm run as \`npx ppm\` runs it (its default heap limit, PPM_HEAP_MB=192); ` +
        `xMb = largest process (/usr/bin/time -v), xTreeMb = largest sampled sum of the process tree (the launcher's waiting parent included); ` +
        `V8Default = PPM_HEAP_MB=0; pgliteIdle = a node process with the PGlite data folder open, nothing else; ` +
        `pgliteFirstStart = ppm migrate on a fresh folder (its initialising child included); demo = node services/cli/dist/demo.js --once`,
    }, false);
  } finally {
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
