import { readFile } from 'node:fs/promises';
import { credentials } from '@grpc/grpc-js';
import { SignerServiceClient } from '@ppm/proto';
import { ConfigError } from '@ppm/runtime';
import type { Hosted, ServiceContext } from '@ppm/service-host';
import { createPayoutApp, type PayoutApp } from './app';
import { loadPayoutConfig } from './config';

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
  const signer = await openSignerClient(config);
  const app = createPayoutApp(config, {
    db: await ctx.db(), redis: ctx.redis(), rpc: ctx.rpc(config), signer, log: ctx.log, prefix: config.PPM_QUEUE_PREFIX,
  });
  await app.start();
  return {
    app,
    async stop() {
      await app.stop();
      signer.close();
    },
  };
}
