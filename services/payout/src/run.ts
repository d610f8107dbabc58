import { readFile } from 'node:fs/promises';
import { credentials } from '@grpc/grpc-js';
import { SignerServiceClient } from '@ppm/proto';
import type { Db } from '@ppm/ledger';
import { ConfigError, type Logger } from '@ppm/runtime';
import type { Hosted, ServiceContext } from '@ppm/service-host';
import { createPayoutApp, type PayoutApp } from './app';
import { loadPayoutConfig, type PayoutConfig } from './config';
import type { PayoutRpc } from './chain/payout-rpc';
import { loadPayoutRules, type PayoutRules } from './rules/payout-rules';
import type { RulesSource } from './rules/rules-reload';

/** A started payout service; `app` gives `ppm run` and the demo its context (plans, approvals). */
export interface RunningPayout extends Hosted {
  readonly app: PayoutApp;
}

/** The signer's gRPC client over mutual TLS, from PPM_SIGNER_URL and PPM_TLS_CA/CERT/KEY (all required). */
export async function openSignerClient(config: {
  PPM_SIGNER_URL?: string | undefined; PPM_TLS_CA?: string | undefined; PPM_TLS_CERT?: string | undefined; PPM_TLS_KEY?: string | undefined;
}): Promise<SignerServiceClient> {
  const { PPM_SIGNER_URL: url, PPM_TLS_CA: ca, PPM_TLS_CERT: cert, PPM_TLS_KEY: key } = config;
  if (!url || !ca || !cert || !key) {
    const missing = (['PPM_SIGNER_URL', 'PPM_TLS_CA', 'PPM_TLS_CERT', 'PPM_TLS_KEY'] as const).filter((k) => !config[k]);
    throw new ConfigError(missing.map((k) => `${k}: required to reach the signer (mutual TLS)`));
  }
  const [caPem, certPem, keyPem] = await Promise.all([readFile(ca), readFile(cert), readFile(key)]);
  return new SignerServiceClient(url, credentials.createSsl(caPem, keyPem, certPem));
}

/**
 * Starts the payout service. It reaches the signer at PPM_SIGNER_URL over mutual TLS (PPM_TLS_CA/CERT/KEY);
 * `overrides` lets `ppm run` point it at an in-process signer.
 */
export async function runPayoutService(ctx: ServiceContext, overrides: Record<string, string> = {}): Promise<RunningPayout> {
  const env = { ...ctx.env, ...overrides };
  const config = loadPayoutConfig(env);
  const rpc = ctx.rpc(config);
  const db = await ctx.db();
  const source = rulesSourceOf(config, rpc, db, ctx.log);
  // Refuses to start (ConfigError listing every problem) on a bad file or a redirect the node does not verify.
  const rules = source ? await loadPayoutRules(source.file, source.network, source.stakerAddress, source.verify) : undefined;
  if (rules) ctx.log.info({ event: 'rules_loaded', file: source?.file, version: rules.version }, 'rules_loaded');
  const signer = await openSignerClient(config);
  const app = createPayoutApp(config, {
    db, redis: ctx.redis(), rpc, signer, log: ctx.log, prefix: config.PPM_QUEUE_PREFIX,
    ...(rules ? { rules } : {}), ...(source ? { rulesSource: source } : {}),
  });
  await app.start();
  return {
    app,
    async stop() {
      await app.stop();
      signer.close();
    },
    // SIGHUP (the host calls it, in `ppm payout` and `ppm run` alike): a bad file keeps the old rules and alerts.
    reload: async () => { await app.reloadRules(); },
  };
}

/** PPM_RULES_FILE with what checking it takes, or undefined without a rules file. */
export function rulesSourceOf(config: PayoutConfig, rpc: PayoutRpc, db: Db, log: Logger): RulesSource | undefined {
  if (!config.PPM_RULES_FILE) return undefined;
  if (!config.PPM_STAKER_ADDRESS) throw new ConfigError(['PPM_STAKER_ADDRESS: required with PPM_RULES_FILE (redirect messages name the staker)']);
  return {
    file: config.PPM_RULES_FILE, network: config.PPM_NETWORK, stakerAddress: config.PPM_STAKER_ADDRESS,
    verify: (a, s, m) => rpc.verifymessage(a, s, m), db, log,
  };
}

/** Loads the payout rules for one-shot commands (`ppm payout plan|approve|run`): undefined without a rules file. */
export async function loadPlanRules(config: PayoutConfig, rpc: PayoutRpc, db: Db, log: Logger): Promise<PayoutRules | undefined> {
  const src = rulesSourceOf(config, rpc, db, log);
  return src ? loadPayoutRules(src.file, src.network, src.stakerAddress, src.verify) : undefined;
}
