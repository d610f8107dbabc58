import { createQtumRpcClient, type QtumRpcClient } from '@ppm/qtum-rpc';
import type { Logger, Shutdown } from '@ppm/runtime';

/** Opens the qtumd client as configured and registers its close. */
export function openRpc(
  config: { QTUM_RPC_URL: string; PPM_RPC_TIMEOUT_MS: number; PPM_QTUM_WALLET?: string | undefined },
  log: Logger,
  shutdown: Shutdown,
): QtumRpcClient {
  const rpc = createQtumRpcClient({
    url: config.QTUM_RPC_URL,
    timeoutMs: config.PPM_RPC_TIMEOUT_MS,
    log,
    ...(config.PPM_QTUM_WALLET ? { wallet: config.PPM_QTUM_WALLET } : {}),
  });
  shutdown.add('qtum-rpc', () => rpc.close());
  return rpc;
}
