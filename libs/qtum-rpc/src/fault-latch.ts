import type { QtumRpcClient } from './client-api';
import { isNodeConfigFault, type RpcAuthError, type RpcForbiddenError } from './errors';

/** A client that remembers the first 401/403 any of its calls met, wherever the caller caught it. */
export interface FaultLatchedClient {
  readonly client: QtumRpcClient;
  /** The first config fault (wrong credentials, call not in rpcwhitelist) seen so far, or undefined. */
  fault(this: void): RpcAuthError | RpcForbiddenError | undefined;
}

/**
 * Wraps `client` so that the first {@link isNodeConfigFault} error of any call is kept. Calls behave exactly as
 * before (the error is still thrown to the caller). Why: the services in one process (`ppm sync`) meet such a
 * refusal deep in a poll loop or a queue job, whose own handling is to log and try again; the process that owns
 * them checks the latch and stops with the message, instead of waiting for work that can never be done.
 */
export function latchConfigFaults(client: QtumRpcClient): FaultLatchedClient {
  let first: RpcAuthError | RpcForbiddenError | undefined;
  const note = (err: unknown): never => {
    if (first === undefined && isNodeConfigFault(err)) first = err;
    throw err;
  };
  const wrapped = new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return out instanceof Promise ? out.catch(note) : out;
      };
    },
  });
  return { client: wrapped, fault: () => first };
}
