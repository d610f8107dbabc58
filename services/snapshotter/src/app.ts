import { decodeAddress } from '@ppm/chain';
import type { Db } from '@ppm/ledger';
import { createQueue, createWorker, type openRedis, type TypedQueue } from '@ppm/queues';
import type { QtumRpcClient } from '@ppm/qtum-rpc';
import type { Logger } from '@ppm/runtime';
import { CoinCache } from './chain/coin-cache';
import { DelegationEventCache } from './chain/delegation-event-cache';
import type { SnapshotterConfig } from './config';
import { enqueueApply } from './jobs/apply-enqueuer';
import { drainThrough, type BlockJobContext } from './jobs/block.job';
import { createSnapshotterRpc } from './rpc/client-adapter';
import type { SnapshotterRpc } from './rpc/snapshotter-rpc';
import { highestPendingHeight, snapshottedBlocks } from './store/snapshot.repo';

/** What the snapshotter is wired with. `rpc` may be the qtumd client or an already adapted {@link SnapshotterRpc}. */
export interface SnapshotterDeps {
  readonly db: Db;
  /** BullMQ-ready connection (maxRetriesPerRequest null); owned by the caller. */
  readonly redis: ReturnType<typeof openRedis>;
  readonly rpc: QtumRpcClient | SnapshotterRpc;
  readonly log: Logger;
  /** BullMQ key prefix. */
  readonly prefix: string;
}

/** The running snapshotter. */
export interface SnapshotterApp {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Snapshots every pending block now (tests, the CLI's replay); returns how many were stored. */
  drain(): Promise<number>;
}

/** The warm-up stops this far below the tip, so it stays below any block still to be snapshotted soon. */
const WARM_MARGIN_BLOCKS = 100;

/** Upper bound for a drain of every pending row (heights are int4 in the database). */
const ALL_HEIGHTS = 2_147_483_647;

function isAdapted(rpc: QtumRpcClient | SnapshotterRpc): rpc is SnapshotterRpc {
  return typeof (rpc as SnapshotterRpc).getBlocksV3 === 'function';
}

/**
 * Wires the snapshotter: a worker on `chain.blocks` (concurrency 1) that classifies blocks, snapshots pool blocks
 * as of H and enqueues `snapshots/apply`. On start it recovers from a lost Redis: re-enqueues apply for
 * `snapshotted` main-chain rows and snapshots the `seen` ones.
 */
export function createSnapshotterApp(config: SnapshotterConfig, deps: SnapshotterDeps): SnapshotterApp {
  const log = deps.log.child({ svc: 'snapshotter' });
  const rpc = isAdapted(deps.rpc) ? deps.rpc : createSnapshotterRpc(deps.rpc);
  const staker = decodeAddress(config.PPM_STAKER_ADDRESS, config.PPM_NETWORK).hash160Hex;
  const events = new DelegationEventCache(rpc, staker, config.PPM_NETWORK);
  const coins = new CoinCache(rpc, { minUtxoSats: config.PPM_MIN_UTXO_SATS, network: config.PPM_NETWORK });
  let applyQueue: TypedQueue<'snapshots'> | undefined;
  let worker: ReturnType<typeof createWorker> | undefined;
  let ctx: BlockJobContext | undefined;
  let warming: Promise<unknown> = Promise.resolve();

  const context = (): BlockJobContext => {
    applyQueue ??= createQueue('snapshots', deps.redis, deps.prefix);
    ctx ??= { config, rpc, events, coins, log, db: deps.db, applyQueue };
    return ctx;
  };
  // One drain at a time per process: the worker and drain() must not interleave chunks.
  let running: Promise<number> = Promise.resolve(0);
  const serial = (height: number): Promise<number> => {
    const next = running.catch(() => 0).then(() => drainThrough(context(), height));
    running = next;
    return next;
  };

  return {
    async start() {
      const c = context();
      await enqueueApply(c.applyQueue, await snapshottedBlocks(deps.db));
      // Every seen main-chain row is confirmed: a job drains them all, not only up to its own height (catch-up
      // then runs in chunks of 100 instead of one job per block).
      worker = createWorker('chain.blocks', deps.redis, { block: async () => serial(ALL_HEIGHTS) }, { prefix: deps.prefix, concurrency: 1, log });
      const top = await highestPendingHeight(deps.db);
      if (top !== null) void serial(ALL_HEIGHTS).catch((err: unknown) => log.warn({ err }, 'recovery drain failed; the next block job retries'));
      // Warm the delegation-event cache up to the confirmed region, so the first pool block pays one small
      // incremental searchlogs instead of the whole history.
      warming = rpc.getBlockCount()
        .then((tip) => events.eventsThrough(Math.max(0, tip - 1 - WARM_MARGIN_BLOCKS)))
        .catch((err: unknown) => log.warn({ err }, 'delegation event warm-up failed; the first pool block fetches them'));
      log.info({ recoverFrom: top }, 'snapshotter started');
    },
    async stop() {
      await worker?.close();
      worker = undefined;
      await running.catch(() => 0);
      await warming;
      await applyQueue?.close();
      applyQueue = undefined;
      ctx = undefined;
    },
    async drain() {
      const top = await highestPendingHeight(deps.db);
      return top === null ? 0 : serial(top);
    },
  };
}
