import { chainEnv, loadConfig, processEnv, queueEnv, storageEnv, type ConfigOf } from '@ppm/config';

/** The snapshotter's environment: the node and pool, the ledger, the queues, process plumbing. */
export const snapshotterEnv = { ...chainEnv, ...storageEnv, ...queueEnv, ...processEnv };

/** Parsed snapshotter environment. */
export type SnapshotterEnv = ConfigOf<typeof snapshotterEnv>;

/** What {@link createSnapshotterApp} reads: the rule parameters (other keys are ignored, so a composed config fits). */
export type SnapshotterConfig = Pick<SnapshotterEnv, 'PPM_NETWORK' | 'PPM_STAKER_ADDRESS' | 'PPM_MIN_UTXO_SATS' | 'PPM_REQUIRED_FEE'>;

/** Parses the environment once; throws ConfigError listing every problem. */
export function loadSnapshotterConfig(env: Record<string, string | undefined> = process.env): SnapshotterEnv {
  return loadConfig(snapshotterEnv, env);
}
