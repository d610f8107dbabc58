import type { Redis } from 'ioredis';
import { createAccrualApp } from '@ppm/accrual';
import { createChainWatcherApp, chainWatcherEnv } from '@ppm/chain-watcher';
import type { ConfigOf } from '@ppm/config';
import type { Db } from '@ppm/ledger';
import type { QtumRpcClient } from '@ppm/qtum-rpc';
import type { Logger } from '@ppm/runtime';
import { createSnapshotterApp } from '@ppm/snapshotter';

/** The chain-to-ledger pipeline's config: the chain-watcher's fragments cover the snapshotter's and accrual's. */
export const pipelineEnv = chainWatcherEnv;
export type PipelineConfig = ConfigOf<typeof pipelineEnv>;

/** Shared clients of a process that runs the pipeline. */
export interface PipelineDeps {
  db: Db;
  redis: Redis;
  rpc: QtumRpcClient;
  log: Logger;
  prefix: string;
}

/** The three pipeline services started together, through the same BullMQ queues as separate processes use. */
export interface Pipeline {
  stop(): Promise<void>;
}

/** Starts accrual, then the snapshotter, then the chain-watcher (consumers before producers); stops in reverse. */
export async function startPipeline(config: PipelineConfig, deps: PipelineDeps): Promise<Pipeline> {
  const accrual = createAccrualApp(config, deps);
  const snapshotter = createSnapshotterApp(config, deps);
  const watcher = createChainWatcherApp(config, deps);
  const started: { stop(): Promise<void> }[] = [];
  try {
    for (const app of [accrual, snapshotter, watcher]) {
      await app.start();
      started.push(app);
    }
  } catch (err) {
    for (const app of started.reverse()) await app.stop().catch(() => undefined);
    throw err;
  }
  return {
    async stop() {
      for (const app of [...started].reverse()) await app.stop();
    },
  };
}
