// Memory: peak RSS (/usr/bin/time -v) of `ppm sync` and `ppm run` at 10,000 delegates x 20 coins against the
// simulator in its own process, on Postgres (target < 300 MB) and PGlite (as low as possible), and what an idle
// PGlite with the ledger's schema costs by itself.
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
/** What deploy/docker/Dockerfile sets. */
const HEAP_CAP = '--max-old-space-size=192';

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
    return Number(r.rows[0]?.n ?? 0);
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
    // V8 grows its heap lazily while memory is plentiful; the live set is far smaller. The image caps it.
    const pgSyncCapped = await withDatabase((url) => measureNode(PPM_BIN, ['sync'], { ...base, DATABASE_URL: url, PPM_QUEUE_PREFIX: prefix(), NODE_OPTIONS: HEAP_CAP }));
    const pgRun = await withDatabase((url, applied) =>
      measureNode(PPM_BIN, ['run'], { ...base, DATABASE_URL: url, PPM_QUEUE_PREFIX: prefix(), PPM_API_LISTEN: '127.0.0.1:0', PPM_OPS_LISTEN: '127.0.0.1:0' },
        async () => (await applied()) >= blocks));
    // The first start initialises the data folder (PGlite's initdb, in a short-lived child process: /usr/bin/time
    // reports the largest process of the tree, so it is measured apart, with `ppm migrate`).
    const liteInit = await measureNode(PPM_BIN, ['migrate'], { ...base, PPM_DATA_DIR: dataDir });
    const liteSync = await measureNode(PPM_BIN, ['sync'], { ...base, PPM_DATA_DIR: dataDir, PPM_QUEUE_PREFIX: prefix() });
    const idle = await measureNode(path.join(__dirname, 'pglite-idle.js'), [dataDir], {});
    const bad = [pgSync, pgSyncCapped, pgRun, liteInit, liteSync, idle].find((m) => m.code !== 0 && m !== pgRun);
    if (bad) throw new Error(`a measured process failed (exit ${bad.code}):\n${bad.stderrTail}`);
    report({
      id: 'MEM', title: `peak RSS of ppm at ${DELEGATES.toLocaleString('en')} delegates x 20 coins, simulator in its own process`,
      target: `< ${TARGET_MB} MB on Postgres`,
      figures: {
        syncPostgresMb: pgSync.peakRssMb, syncPostgresHeapCappedMb: pgSyncCapped.peakRssMb, runPostgresMb: pgRun.peakRssMb, syncPgliteMb: liteSync.peakRssMb, pgliteIdleMb: idle.peakRssMb, pgliteFirstStartMb: liteInit.peakRssMb,
        syncPostgresMs: Math.round(pgSync.ms), syncPgliteMs: Math.round(liteSync.ms),
      },
      pass: pgSync.peakRssMb < TARGET_MB && pgRun.peakRssMb < TARGET_MB && pgSyncCapped.code === 0,
      notes: `${POOLS.length} pool blocks; pgliteIdle = a node process with the PGlite data folder open, nothing else; ` +
        `pgliteFirstStart = ppm migrate on a fresh folder (initdb child included); HeapCapped = NODE_OPTIONS=${HEAP_CAP} (the image's)`,
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
