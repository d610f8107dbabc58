/** The isolated signer: mTLS gRPC, policy, journal, staking-only unlock. */
export { createSignerApp, type SignerApp, type SignerAppConfig, type SignerAppDeps } from './app';
export { loadSignerConfig, journalPath, signerConfigShape, type SignerConfig } from './config';
export { generateDevCerts, type DevCertOptions, type DevCertPaths } from './tls/certs';
export { createSignerClient, type SignerClientTls } from './tls/client';
export { readPassphraseFile } from './wallet/passphrase-file';
export type { SignerNodeClient } from './wallet/qtum-wallet-port';
export { DUST_LIMIT_SATS, DAY_WINDOW_MS } from './policy/caps';
export { STATUS_BY_KIND } from './rpc/status-map';
export { SIGNER_SERVICE_NAME } from './rpc/server';
export { runSigner, type RunningSigner } from './run';
