import { chainEnv, loadConfig, operatorEnv, payoutEnv, processEnv, signerEnv, storageEnv, tlsEnv, type ConfigOf } from '@ppm/config';
import { ConfigError } from '@ppm/runtime';
import path from 'node:path';

/** The env fragments the signer reads (names are the env contract in @ppm/config; never renamed). */
export const signerConfigShape = {
  QTUM_RPC_URL: chainEnv.QTUM_RPC_URL,
  PPM_QTUM_WALLET: chainEnv.PPM_QTUM_WALLET,
  PPM_RPC_TIMEOUT_MS: chainEnv.PPM_RPC_TIMEOUT_MS,
  PPM_NETWORK: chainEnv.PPM_NETWORK,
  PPM_STAKER_ADDRESS: chainEnv.PPM_STAKER_ADDRESS,
  /** The signer's own copy of the rules file: its poolFeeSplit addresses may be paid without having delegated. */
  PPM_RULES_FILE: chainEnv.PPM_RULES_FILE,
  /** Pool blocks from here on bound what the signer signs (unset: the staker's whole history, from height 0). */
  PPM_START_HEIGHT: chainEnv.PPM_START_HEIGHT,
  /** Pool blocks count once this deep, as the ledger credits them. */
  PPM_CONFIRMATIONS: chainEnv.PPM_CONFIRMATIONS,
  /**
   * A signed tx whose input another tx spent this deep can never be mined: it stops counting against the bounds
   * (the depth at which the payout service drops the batch).
   */
  PPM_PAYOUT_CONFIRMATIONS: payoutEnv.PPM_PAYOUT_CONFIRMATIONS,
  PPM_PAYOUT_APPROVAL: payoutEnv.PPM_PAYOUT_APPROVAL,
  PPM_PAYOUT_APPROVAL_TTL: payoutEnv.PPM_PAYOUT_APPROVAL_TTL,
  PPM_OPERATOR_PUBKEYS: operatorEnv.PPM_OPERATOR_PUBKEYS,
  PPM_DATA_DIR: storageEnv.PPM_DATA_DIR,
  PPM_LOG_LEVEL: processEnv.PPM_LOG_LEVEL,
  ...tlsEnv,
  ...signerEnv,
};

/** The signer's parsed configuration. Keys keep the env names. */
export type SignerConfig = ConfigOf<typeof signerConfigShape>;

/** Optional in the shared fragments (other services run without them) but required by a running signer. */
const REQUIRED_HERE = ['PPM_TLS_CA', 'PPM_TLS_CERT', 'PPM_TLS_KEY', 'PPM_WALLET_PASSPHRASE_FILE'] as const;

/** Parses the signer's configuration once, listing every problem (including missing mTLS files) in one error. */
export function loadSignerConfig(env: Record<string, string | undefined> = process.env): SignerConfig {
  const missing = REQUIRED_HERE.filter((k) => !env[k]).map((k) =>
    k === 'PPM_WALLET_PASSPHRASE_FILE'
      ? `${k}: required (a file holding the wallet passphrase; the signer never takes it from the environment)`
      : `${k}: required (the signer only serves mutual TLS)`);
  let config: SignerConfig;
  try {
    config = loadConfig(signerConfigShape, env);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError([...err.problems, ...missing]);
    throw err;
  }
  if (missing.length > 0) throw new ConfigError(missing);
  return config;
}

/** The signer's cache of S's on-chain earnings, next to the journal. */
export function earningsPath(config: Pick<SignerConfig, 'PPM_SIGNER_JOURNAL' | 'PPM_DATA_DIR'>): string {
  return path.join(path.dirname(journalPath(config)), 'signer-chain-earnings.json');
}

/** The journal file: PPM_SIGNER_JOURNAL, else `${PPM_DATA_DIR}/signer-journal.jsonl`. */
export function journalPath(config: Pick<SignerConfig, 'PPM_SIGNER_JOURNAL' | 'PPM_DATA_DIR'>): string {
  return config.PPM_SIGNER_JOURNAL ?? path.join(config.PPM_DATA_DIR, 'signer-journal.jsonl');
}

/** Splits PPM_SIGNER_LISTEN (`host:port`; the schema has checked the form). */
export function listenAddress(config: Pick<SignerConfig, 'PPM_SIGNER_LISTEN'>): { host: string; port: number } {
  const i = config.PPM_SIGNER_LISTEN.lastIndexOf(':');
  return { host: config.PPM_SIGNER_LISTEN.slice(0, i), port: Number(config.PPM_SIGNER_LISTEN.slice(i + 1)) };
}
