import { createAccrualApp, type AccrualApp } from '@ppm/accrual';
import { createChainWatcherApp, type ChainWatcherApp } from '@ppm/chain-watcher';
import type { Db } from '@ppm/ledger';
import { openRedis } from '@ppm/queues';
import { createQtumRpcClient, type QtumRpcClient } from '@ppm/qtum-rpc';
import { createLogger, silentLogger } from '@ppm/runtime';
import { createWriteStream } from 'node:fs';
import { createSnapshotterApp, type SnapshotterApp } from '../../app';
import { createSnapshotterRpc } from '../../rpc/client-adapter';
import type { SnapshotterRpc } from '../../rpc/snapshotter-rpc';

/** Settings of one in-process pipeline (chain-watcher + snapshotter + accrual over real Redis and a real database). */
export interface PipelineOptions {
  readonly db: Db;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly rpcUrl: string;
  readonly staker: string;
  readonly startHeight: number;
  readonly confirmations?: number;
  /** Wraps the snapshotter's node calls (tests that count what it reads). */
  readonly wrapSnapshotterRpc?: (rpc: SnapshotterRpc) => SnapshotterRpc;
}

/** A running pipeline; `stop` closes everything it opened (apps, Redis connection, RPC sockets). */
export interface Pipeline {
  readonly watcher: ChainWatcherApp;
  readonly snapshotter: SnapshotterApp;
  readonly accrual: AccrualApp;
  readonly rpc: QtumRpcClient;
  stop(): Promise<void>;
}

/** Starts the three apps the way `ppm sync` composes them. */
export async function startPipeline(o: PipelineOptions): Promise<Pipeline> {
  // PPM_E2E_LOG=<file> writes the apps' logs there (debugging a slow or stuck run).
  const file = process.env.PPM_E2E_LOG;
  const log = file ? createLogger({ name: 'e2e', level: 'debug', destination: createWriteStream(file, { flags: 'a' }) }) : silentLogger();
  const redis = openRedis(o.redisUrl);
  const rpc = createQtumRpcClient({ url: o.rpcUrl, timeoutMs: 10_000, retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 200 } });
  const chainConfig = {
    QTUM_RPC_URL: o.rpcUrl, PPM_CONFIRMATIONS: o.confirmations ?? 5, PPM_START_HEIGHT: o.startHeight, PPM_POLL_INTERVAL_MS: 100,
    PPM_STALE_AFTER_MIN: 1_000_000, PPM_MIN_CONNECTIONS: 0,
    PPM_NETWORK: 'regtest' as const, PPM_STAKER_ADDRESS: o.staker, PPM_MIN_UTXO_SATS: 10_000_000_000n, PPM_REQUIRED_FEE: 100,
  };
  const deps = { db: o.db, redis, rpc, log, prefix: o.prefix };
  const accrual = createAccrualApp({ PPM_POOL_FEE_BPS: 0, PPM_ACCRUAL_RECOVER_INTERVAL_MS: 1_000 }, deps);
  const snapshotter = createSnapshotterApp(chainConfig, o.wrapSnapshotterRpc ? { ...deps, rpc: o.wrapSnapshotterRpc(createSnapshotterRpc(rpc)) } : deps);
  const watcher = createChainWatcherApp(chainConfig, deps);
  await accrual.start();
  await snapshotter.start();
  await watcher.start();
  let stopped = false;
  return {
    watcher, snapshotter, accrual, rpc,
    async stop() {
      if (stopped) return;
      stopped = true;
      await watcher.stop();
      await snapshotter.stop();
      await accrual.stop();
      await redis.quit().catch(() => redis.disconnect());
      rpc.close();
    },
  };
}

/** Polls `check` until it returns true or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when every main-chain block up to `height` is applied (and at least one block is). */
export async function appliedThrough(db: Db, height: number): Promise<boolean> {
  const r = await db.query<{ pending: string; top: number | null }>(
    `SELECT count(*) FILTER (WHERE status <> 'applied') AS pending, max(height) AS top FROM blocks WHERE on_main_chain AND height <= $1`,
    [height],
  );
  const row = r.rows[0];
  return row !== undefined && Number(row.pending) === 0 && row.top === height;
}
