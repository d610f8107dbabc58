import type { Hosted, ServiceContext } from '@ppm/service-host';
import { createSnapshotterApp } from './app';
import { loadSnapshotterConfig } from './config';

/** Starts the snapshotter on a host's shared clients (its own process, `ppm snapshotter`, `ppm run`). */
export async function runSnapshotter(ctx: ServiceContext): Promise<Hosted> {
  const config = loadSnapshotterConfig(ctx.env);
  const app = createSnapshotterApp(config, {
    db: await ctx.db(), redis: ctx.redis(), rpc: ctx.rpc(config), log: ctx.log, prefix: config.PPM_QUEUE_PREFIX,
  });
  await app.start();
  return { stop: () => app.stop(), ready: () => ctx.redis().status === 'ready' };
}
