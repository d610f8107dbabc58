import type { Hosted, ServiceContext } from '@ppm/service-host';
import { createApiApp, type ApiDeps } from './app';
import { loadApiConfig } from './config';

/** A started api: its URL, for the demo and `ppm run` to print. */
export interface RunningApi extends Hosted {
  readonly url: string;
}

/** Starts the api on a host's shared ledger and metrics registry. `extra` adds status and queue depths. */
export async function runApi(ctx: ServiceContext, extra: Pick<ApiDeps, 'status' | 'queueDepths'> = {}): Promise<RunningApi> {
  const config = loadApiConfig(ctx.env);
  const api = createApiApp(config, { db: await ctx.db(), log: ctx.log, registry: ctx.registry, ...extra });
  const { url } = await api.start();
  ctx.log.info({ url }, `dashboard and API at ${url}`);
  return { url, stop: () => api.stop() };
}
