import type { WireValue } from '@ppm/chain';
import type { RpcError, RpcMalformedReplyError } from './errors';

/**
 * One typed RPC call, built by a request builder (`rpc.getblockhash(5)`) and sent alone or in a batch.
 * `parse` validates the wire `result` (lossless: numbers are JsonNumber) and converts it, or throws
 * RpcMalformedReplyError naming the method and field.
 */
export interface RpcRequest<T> {
  readonly method: string;
  /** Positional params exactly as qtumd takes them (amounts already 8-decimal strings). */
  readonly params: readonly unknown[];
  readonly parse: (result: WireValue) => T;
  /** Safe to send again after a lost reply (idempotent). sendmany is not. */
  readonly retrySafe: boolean;
  /** Goes to /wallet/<name> when the client has a wallet. */
  readonly wallet: boolean;
  /** Params carry a secret (walletpassphrase): never logged. */
  readonly secret: boolean;
}

/** The result type of a request. */
export type RpcResultOf<R> = R extends RpcRequest<infer T> ? T : never;

/** Why one batch entry failed: the node's error for that entry, or a result that did not fit the schema. */
export type BatchEntryError = RpcError | RpcMalformedReplyError;

/** One entry of a batch result, in request order. */
export type BatchEntry<T> = { ok: true; value: T } | { ok: false; error: BatchEntryError };

/** Batch results matching a tuple of requests. */
export type BatchResults<Rs extends readonly RpcRequest<unknown>[]> = { [K in keyof Rs]: BatchEntry<RpcResultOf<Rs[K]>> };
