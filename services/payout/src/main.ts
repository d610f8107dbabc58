import { readFile } from 'node:fs/promises';
import { credentials } from '@grpc/grpc-js';
import { migrate, openDb } from '@ppm/ledger';
import { SignerServiceClient } from '@ppm/proto';
import { createQtumRpcClient } from '@ppm/qtum-rpc';
import { openRedis } from '@ppm/queues';
import { ConfigError, EXIT_OK, EXIT_PERMANENT, EXIT_RETRYABLE, createLogger, createShutdown, isRetryable } from '@ppm/runtime';
import { createPayoutApp } from './app';
import { loadPayoutConfig } from './config';

/** The payout service as its own process: signals, exit codes, and the clients it owns. */
async function main(): Promise<number> {
  let config;
  try {
    config = loadPayoutConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT_PERMANENT;
    }
    throw err;
  }
  const log = createLogger({ name: 'payout', level: config.PPM_LOG_LEVEL });
  const shutdown = createShutdown(log);
  const { PPM_SIGNER_URL: signerUrl, PPM_TLS_CA: ca, PPM_TLS_CERT: cert, PPM_TLS_KEY: key } = config;
  if (!signerUrl || !ca || !cert || !key) {
    log.fatal('PPM_SIGNER_URL, PPM_TLS_CA, PPM_TLS_CERT and PPM_TLS_KEY are required when payout runs alone (mutual TLS to the signer)');
    return EXIT_PERMANENT;
  }
  try {
    const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.PPM_DATA_DIR });
    shutdown.add('db', () => db.close());
    await migrate(db);
    const redis = openRedis(config.REDIS_URL);
    shutdown.add('redis', async () => { await redis.quit(); });
    const rpc = createQtumRpcClient({ url: config.QTUM_RPC_URL, timeoutMs: config.PPM_RPC_TIMEOUT_MS, log, ...(config.PPM_QTUM_WALLET ? { wallet: config.PPM_QTUM_WALLET } : {}) });
    shutdown.add('rpc', () => rpc.close());
    const [caPem, certPem, keyPem] = await Promise.all([readFile(ca), readFile(cert), readFile(key)]);
    const signer = new SignerServiceClient(signerUrl, credentials.createSsl(caPem, keyPem, certPem));
    shutdown.add('signer', () => signer.close());
    const app = createPayoutApp(config, { db, redis, rpc, signer, log, prefix: config.PPM_QUEUE_PREFIX });
    await app.start();
    shutdown.add('app', () => app.stop());
  } catch (err) {
    log.fatal({ err }, 'payout failed to start');
    await shutdown.run();
    return isRetryable(err) ? EXIT_RETRYABLE : EXIT_PERMANENT;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await shutdown.run();
  return EXIT_OK;
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`payout: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(EXIT_PERMANENT);
});
