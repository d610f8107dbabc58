import { chainEnv, processEnv, queueEnv, storageEnv, type ConfigOf } from '@ppm/config';
import { envInt } from '@ppm/runtime';

/** The environment the accrual service reads (parsed once, in main). */
export const accrualEnv = {
  PPM_POOL_FEE_BPS: chainEnv.PPM_POOL_FEE_BPS,
  /** Delegate rules (README "Rules file"); unset: none. Reloaded on SIGHUP. */
  PPM_RULES_FILE: chainEnv.PPM_RULES_FILE,
  /** The rules file's addresses are checked for this network. */
  PPM_NETWORK: chainEnv.PPM_NETWORK,
  ...storageEnv,
  ...queueEnv,
  ...processEnv,
  /** How often pending work is re-derived from the database (heals jobs that failed for good, lost Redis). */
  PPM_ACCRUAL_RECOVER_INTERVAL_MS: envInt({ min: 1_000 }).default(60_000),
};

/** The accrual service's parsed config. */
export type AccrualConfig = ConfigOf<typeof accrualEnv>;

/** What {@link createAccrualApp} needs of the config (tests and `ppm run` may build it by hand). */
export type AccrualAppConfig = Pick<AccrualConfig, 'PPM_POOL_FEE_BPS'> & Partial<Pick<AccrualConfig, 'PPM_ACCRUAL_RECOVER_INTERVAL_MS' | 'PPM_RULES_FILE' | 'PPM_NETWORK'>>;
