import { chainEnv, loadConfig, payoutEnv, processEnv, queueEnv, storageEnv, tlsEnv, type ConfigOf } from '@ppm/config';

/** The payout service's environment: its own fragment plus the node, ledger, queues, mTLS and process plumbing. */
export const payoutConfigShape = {
  ...payoutEnv,
  ...tlsEnv,
  ...storageEnv,
  ...queueEnv,
  ...processEnv,
  QTUM_RPC_URL: chainEnv.QTUM_RPC_URL,
  PPM_QTUM_WALLET: chainEnv.PPM_QTUM_WALLET,
  PPM_RPC_TIMEOUT_MS: chainEnv.PPM_RPC_TIMEOUT_MS,
  PPM_NETWORK: chainEnv.PPM_NETWORK,
  /** Delegate rules: redirects and the pool-fee split apply to payouts (README "Rules file"). */
  PPM_RULES_FILE: chainEnv.PPM_RULES_FILE,
  /** S: the redirect messages name it; required with PPM_RULES_FILE. */
  PPM_STAKER_ADDRESS: chainEnv.PPM_STAKER_ADDRESS.optional(),
};

/** The parsed configuration (keys are the env names). */
export type PayoutConfig = ConfigOf<typeof payoutConfigShape>;

/** Parses the environment once, listing every problem. */
export function loadPayoutConfig(env: Record<string, string | undefined> = process.env): PayoutConfig {
  return loadConfig(payoutConfigShape, env);
}

/** How often the tracker follows broadcast transactions and resumes open batches. */
export const TRACK_INTERVAL_MS = 15_000;
