import { loadConfig } from '@ppm/config';
import { createRulesHolder } from '@ppm/rules';
import type { Hosted, ServiceContext } from '@ppm/service-host';
import { createAccrualApp } from './app';
import { accrualEnv } from './config';

/**
 * Starts the accrual service on a host's shared clients (its own process, `ppm accrual`, or `ppm run`); SIGHUP
 * reloads its rules file (the host calls `reload`).
 */
export async function runAccrual(ctx: ServiceContext): Promise<Hosted> {
  const config = loadConfig(accrualEnv, ctx.env);
  // Before the ledger opens: a bad rules file fails the start at once, every problem listed.
  const rulesHolder = createRulesHolder(config.PPM_RULES_FILE, config.PPM_NETWORK);
  const app = createAccrualApp(config, { db: await ctx.db(), redis: ctx.redis(), log: ctx.log, prefix: config.PPM_QUEUE_PREFIX, rulesHolder });
  await app.start();
  return {
    stop: () => app.stop(),
    ready: () => ctx.redis().status === 'ready',
    reload: async () => {
      await app.rules.reload();
    },
  };
}
