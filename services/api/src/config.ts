import { apiEnv, chainEnv, loadConfig, processEnv, storageEnv, type ConfigOf } from '@ppm/config';

/**
 * The api's environment: where to listen, which network its addresses belong to, the ledger, and logging.
 * Only PPM_NETWORK is taken from the chain fragment: the api never talks to qtumd, so it must not require
 * QTUM_RPC_URL or PPM_STAKER_ADDRESS.
 */
export const apiConfigShape = {
  ...apiEnv,
  PPM_NETWORK: chainEnv.PPM_NETWORK,
  ...storageEnv,
  PPM_LOG_LEVEL: processEnv.PPM_LOG_LEVEL,
};

/** The parsed configuration of the api process. */
export type ApiConfig = ConfigOf<typeof apiConfigShape>;

/**
 * What {@link createApiApp} needs: the listen address, the network that addresses are validated for, and the
 * per-client rate limit (the env defaults when absent).
 */
export type ApiAppConfig = Pick<ApiConfig, 'PPM_API_LISTEN' | 'PPM_NETWORK'>
  & Partial<Pick<ApiConfig, 'PPM_API_RATE_LIMIT' | 'PPM_API_RATE_BURST' | 'PPM_API_TRUST_PROXY'>>;

/** PPM_API_RATE_LIMIT and PPM_API_RATE_BURST when a caller of createApiApp leaves them out (the env defaults). */
export const DEFAULT_RATE_LIMIT = { perSecond: 20, burst: 60 } as const;

/** Parses the api's environment once; throws a ConfigError listing every problem. */
export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  return loadConfig(apiConfigShape, env);
}

/** Splits `host:port` (validated by the env schema) into its parts. */
export function parseListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  return { host: listen.slice(0, i), port: Number(listen.slice(i + 1)) };
}
