import { chainEnv, loadConfig, notifierEnv, processEnv, queueEnv, storageEnv, type ConfigOf } from '@ppm/config';

/**
 * The chain-watcher's environment: the node and pool, the ledger, the queues, process plumbing, and the two
 * health thresholds it shares with the notifier (PPM_STALE_AFTER_MIN, PPM_MIN_CONNECTIONS).
 */
export const chainWatcherEnv = {
  ...chainEnv,
  ...storageEnv,
  ...queueEnv,
  ...processEnv,
  PPM_STALE_AFTER_MIN: notifierEnv.PPM_STALE_AFTER_MIN,
  PPM_MIN_CONNECTIONS: notifierEnv.PPM_MIN_CONNECTIONS,
};

/** Parsed chain-watcher environment. */
export type ChainWatcherEnv = ConfigOf<typeof chainWatcherEnv>;

/**
 * What {@link createChainWatcherApp} reads (other keys are ignored, so a composed config fits). The optional
 * keys default as in the environment contract (PPM_NETWORK: the node's chain is then only checked against the
 * ledger's record).
 */
export type ChainWatcherConfig = Pick<
  ChainWatcherEnv,
  'QTUM_RPC_URL' | 'PPM_CONFIRMATIONS' | 'PPM_START_HEIGHT' | 'PPM_POLL_INTERVAL_MS' | 'PPM_STALE_AFTER_MIN' | 'PPM_MIN_CONNECTIONS'
> & Partial<Pick<ChainWatcherEnv, 'PPM_NETWORK' | 'PPM_MAX_REORG_DEPTH' | 'PPM_STALL_AFTER_MIN' | 'PPM_STALL_RETRIES' | 'PPM_HEALTH_INTERVAL_MS'>>;

/** Parses the environment once; throws ConfigError listing every problem. */
export function loadChainWatcherConfig(env: Record<string, string | undefined> = process.env): ChainWatcherEnv {
  return loadConfig(chainWatcherEnv, env);
}
