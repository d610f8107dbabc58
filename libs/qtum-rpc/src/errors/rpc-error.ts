import { PermanentError, RetryableError } from '@ppm/runtime';

/** Marks every node-reported error, whichever of Retryable/Permanent it extends. */
const RPC_ERROR_BRAND: unique symbol = Symbol.for('@ppm/qtum-rpc/RpcError');

function brand(target: object): void {
  Object.defineProperty(target, RPC_ERROR_BRAND, { value: true, enumerable: false });
}

function isBranded(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RPC_ERROR_BRAND] === true;
}

/**
 * An error reply from qtumd: `code` and `message` are the node's own, `method` the RPC that failed.
 *
 * Every subclass except {@link RpcInWarmupError} is a {@link PermanentError}. -28 must be a
 * {@link RetryableError} so queue workers retry it, and JS has single inheritance, so `instanceof RpcError`
 * is answered by a brand that both families carry: `err instanceof RpcError` holds for every node error.
 */
export class RpcError extends PermanentError {
  override readonly name: string = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly method: string,
  ) {
    super(message);
    brand(this);
  }

  /** `x instanceof RpcError` is true for -28 too; subclasses keep the ordinary prototype check. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this === RpcError) return isBranded(value);
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** -28 RPC_IN_WARMUP: the node is starting (message is the init step, e.g. `Loading wallet…`). Retryable. */
export class RpcInWarmupError extends RetryableError {
  override readonly name: string = 'RpcInWarmupError';
  constructor(
    readonly code: number,
    message: string,
    readonly method: string,
  ) {
    super(message);
    brand(this);
  }
}

/** Type guard for any node-reported error (same as `instanceof RpcError`). */
export function isRpcError(err: unknown): err is RpcError {
  return isBranded(err);
}
