import { isRpcError, RpcInWarmupError } from '@ppm/qtum-rpc';

/**
 * True when `err` means the node is not answering usefully: no reply at all (refused, reset, timeout) or still
 * warming up. A node that answers with an error code is reachable: that error is the caller's to handle.
 */
export function isNodeUnreachable(err: unknown): boolean {
  if (err instanceof RpcInWarmupError) return true;
  if (isRpcError(err)) return false;
  return err instanceof Error && /Rpc(Transport|Timeout)Error/.test(err.name);
}
