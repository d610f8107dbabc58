import { randomBytes } from 'node:crypto';
import { createAccrualApp } from '@ppm/accrual';
import { createChainWatcherApp } from '@ppm/chain-watcher';
import { migrate, openPglite, openPostgres, type Db } from '@ppm/ledger';
import { openRedis } from '@ppm/queues';
import { createQtumRpcClient, type RpcCallEvent } from '@ppm/qtum-rpc';
import type { Scenario } from '@ppm/qtum-sim';
import { silentLogger } from '@ppm/runtime';
import { createSnapshotterApp } from '../app';
import { startSimProcess, type SimProcess } from './sim-process';

/** Confirmations in the benchmarks. */
export const BENCH_CONFIRMATIONS = 5;

/**
 * A benchmark environment: the simulator in its own process (over HTTP, as qtumd), a database (Postgres when
 * DATABASE_URL or PPM_TEST_DATABASE_URL is set, else PGlite) and Redis.
 */
export interface BenchEnv {
  readonly sim: SimProcess;
  readonly db: Db;
  /** Milliseconds spent inside RPC calls, per method (the simulator's share of the time). */
  readonly rpcMs: Map<string, number>;
  /**
   * Runs chain-watcher + snapshotter (+ accrual unless `opts.accrual` is false) from `startHeight`. When `trigger` is given, the clock starts after it
   * resolves (it runs once the apps are up); otherwise at start. Resolves with the ms until `done()` holds.
   */
  run(startHeight: number, done: () => Promise<boolean>, trigger?: () => Promise<void>, opts?: { accrual?: boolean }): Promise<number>;
  close(): Promise<void>;
}

/** Peak resident set size sampled every 25 ms while `fn` runs. */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  try {
    const result = await fn();
    return { result, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1_048_576) };
  } finally {
    clearInterval(timer);
  }
}

/** Builds the scenario's chain and opens a fresh database schema and Redis prefix. */
export async function openBenchEnv(scenario: Scenario): Promise<BenchEnv> {
  const sim = await startSimProcess(scenario);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const url = process.env.DATABASE_URL ?? process.env.PPM_TEST_DATABASE_URL;
  const db = url ? await openPostgres({ url, schema }) : await openPglite({ schema });
  await migrate(db);
  const redis = openRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = schema;
  const rpcMs = new Map<string, number>();
  const onCall = (e: RpcCallEvent) => rpcMs.set(e.method, (rpcMs.get(e.method) ?? 0) + e.ms);
  const rpc = createQtumRpcClient({ url: sim.url, timeoutMs: 120_000, onCall });
  return {
    sim, db, rpcMs,
    async run(startHeight, done, trigger, opts = {}) {
      const config = {
        QTUM_RPC_URL: sim.url, PPM_CONFIRMATIONS: BENCH_CONFIRMATIONS, PPM_START_HEIGHT: startHeight, PPM_POLL_INTERVAL_MS: 50,
        PPM_STALE_AFTER_MIN: 1_000_000, PPM_MIN_CONNECTIONS: 0, PPM_HEALTH_INTERVAL_MS: 10_000,
        PPM_NETWORK: 'regtest' as const, PPM_STAKER_ADDRESS: sim.staker, PPM_MIN_UTXO_SATS: 10_000_000_000n, PPM_REQUIRED_FEE: 100,
      };
      const deps = { db, redis, rpc, log: silentLogger(), prefix };
      const accrual = createAccrualApp({ PPM_POOL_FEE_BPS: 0, PPM_ACCRUAL_RECOVER_INTERVAL_MS: 60_000 }, deps);
      const snapshotter = createSnapshotterApp(config, deps);
      const watcher = createChainWatcherApp(config, deps);
      let started = performance.now();
      if (opts.accrual !== false) await accrual.start();
      await snapshotter.start();
      await watcher.start();
      if (trigger) {
        await trigger();
        started = performance.now();
      }
      let lastShown = performance.now();
      while (!(await done())) {
        await new Promise((r) => setTimeout(r, 20));
        if (process.env.PPM_BENCH_PROGRESS && performance.now() - lastShown > 2_000) {
          lastShown = performance.now();
          const r = await db.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM blocks GROUP BY status ORDER BY status`);
          process.stderr.write(`${Math.round(performance.now() - started)} ms: ${r.rows.map((x) => `${x.status} ${x.n}`).join(', ')}\n`);
        }
      }
      const ms = performance.now() - started;
      await watcher.stop();
      await snapshotter.stop();
      await accrual.stop();
      return ms;
    },
    async close() {
      rpc.close();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      await redis.quit();
      if (db.kind === 'postgres') await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
      await sim.close();
    },
  };
}

/** Count of main-chain blocks in [from, to] whose status is one of `statuses`. */
export async function countStatus(db: Db, from: number, to: number, statuses: readonly string[]): Promise<number> {
  const r = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM blocks WHERE on_main_chain AND height BETWEEN $1 AND $2 AND status = ANY($3::text[])`,
    [from, to, statuses],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** "name: 12 ms" lines of the RPC time per method, biggest first. */
export function rpcSummary(rpcMs: ReadonlyMap<string, number>): string {
  return [...rpcMs.entries()].sort((a, b) => b[1] - a[1]).map(([m, ms]) => `${m} ${Math.round(ms)} ms`).join(', ');
}
