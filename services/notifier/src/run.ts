import type { Hosted, ServiceContext } from '@ppm/service-host';
import { createNotifierApp } from './app';
import { loadNotifierProcessConfig } from './config';

/** Starts the notifier on a host's shared clients; the node (for the hourly status) is optional. */
export async function runNotifier(ctx: ServiceContext): Promise<Hosted> {
  const cfg = loadNotifierProcessConfig(ctx.env);
  const rpc = cfg.chain ? ctx.rpc({ ...cfg.chain, PPM_RPC_TIMEOUT_MS: 30_000 }) : undefined;
  const app = createNotifierApp(cfg.notifier, {
    db: await ctx.db(), redis: ctx.redis(), log: ctx.log, prefix: cfg.env.PPM_QUEUE_PREFIX,
    registry: ctx.registry, ...(rpc ? { rpc } : {}),
  });
  await app.start();
  return { stop: () => app.stop(), ready: () => ctx.redis().status === 'ready' };
}
