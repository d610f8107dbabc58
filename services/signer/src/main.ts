import { createQtumRpcClient } from '@ppm/qtum-rpc';
import {
  ConfigError, EXIT_OK, EXIT_PERMANENT, EXIT_RETRYABLE, createLogger, createShutdown, errorMessage, isRetryable,
} from '@ppm/runtime';
import { createSignerApp } from './app';
import { loadSignerConfig } from './config';
import { readPassphraseFile } from './wallet/passphrase-file';

/** The signer as its own process: config, logger, passphrase file, node client, app; signals stop it. */
async function main(): Promise<number> {
  let config;
  try {
    config = loadSignerConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT_PERMANENT;
    }
    throw err;
  }
  const log = createLogger({ name: 'ppm-signer', level: config.PPM_LOG_LEVEL });
  const shutdown = createShutdown(log);
  try {
    // PPM_WALLET_PASSPHRASE_FILE is checked as required by loadSignerConfig.
    const passphrase = await readPassphraseFile(config.PPM_WALLET_PASSPHRASE_FILE ?? '', log);
    const rpc = createQtumRpcClient({
      url: config.QTUM_RPC_URL,
      timeoutMs: config.PPM_RPC_TIMEOUT_MS,
      ...(config.PPM_QTUM_WALLET ? { wallet: config.PPM_QTUM_WALLET } : {}),
      log: log.child({ part: 'qtum-rpc' }),
    });
    shutdown.add('qtum-rpc', () => rpc.close());
    const app = createSignerApp(config, { rpc, log, passphrase });
    await app.start();
    shutdown.add('signer', () => app.stop());
  } catch (err) {
    log.fatal({ cause: errorMessage(err) }, 'signer failed to start');
    await shutdown.run();
    return isRetryable(err) ? EXIT_RETRYABLE : EXIT_PERMANENT;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  log.info('stopping');
  await shutdown.run();
  return EXIT_OK;
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`signer: ${errorMessage(err)}\n`);
  process.exit(EXIT_PERMANENT);
});
