import { createQtumRpcClient } from '@ppm/qtum-rpc';
import type { Hosted, ServiceContext } from '@ppm/service-host';
import { createSignerApp } from './app';
import { loadSignerConfig, type SignerConfig } from './config';
import { readPassphraseFile } from './wallet/passphrase-file';

/** A started signer: how to stop it and where it listens. */
export interface RunningSigner extends Hosted {
  readonly port: number;
  readonly config: SignerConfig;
}

/**
 * Starts the signer. It opens no database and no Redis: only its journal, the passphrase file and the node
 * (with its own RPC user). `overrides` lets `ppm run` compose it in-process (listen address, dev TLS files).
 */
export async function runSigner(ctx: ServiceContext, overrides: Record<string, string> = {}): Promise<RunningSigner> {
  const config = loadSignerConfig({ ...ctx.env, ...overrides });
  const log = ctx.log;
  // PPM_WALLET_PASSPHRASE_FILE is required by loadSignerConfig.
  const passphrase = await readPassphraseFile(config.PPM_WALLET_PASSPHRASE_FILE ?? '', log);
  // Its own client (not the shared one): the signer's RPC user is the only one allowed to unlock the wallet.
  const rpc = createQtumRpcClient({
    url: config.QTUM_RPC_URL, timeoutMs: config.PPM_RPC_TIMEOUT_MS, log,
    ...(config.PPM_QTUM_WALLET ? { wallet: config.PPM_QTUM_WALLET } : {}),
  });
  const app = createSignerApp(config, { rpc, log, passphrase });
  const { port } = await app.start();
  return {
    port,
    config,
    async stop() {
      await app.stop();
      rpc.close();
    },
    // SIGHUP (the host calls it): the signer's own copy of the rules file.
    reload: async () => { await app.reload(); },
  };
}
