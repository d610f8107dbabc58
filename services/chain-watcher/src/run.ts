import type { Hosted, ServiceContext } from '@ppm/service-host';
import { createChainWatcherApp } from './app';
import { loadChainWatcherConfig } from './config';

/** Starts the chain-watcher on a host's shared clients (its own process, `ppm chain-watcher`, `ppm run`). */
export async function runChainWatcher(ctx: ServiceContext): Promise<Hosted> {
  const config = loadChainWatcherConfig(ctx.env);
  const app = createChainWatcherApp(config, {
    db: await ctx.db(), redis: ctx.redis(), rpc: ctx.rpc(config), log: ctx.log, prefix: config.PPM_QUEUE_PREFIX,
  });
  await app.start();
  return { stop: () => app.stop(), ready: () => ctx.redis().status === 'ready' };
}
