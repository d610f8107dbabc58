import { RpcInWarmupError, RpcTransportError } from './errors';

/** Retry policy: `attempts` counts the first try; delays grow exponentially up to `maxDelayMs`, with jitter. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The default policy: 5 attempts, 200 ms doubling to at most 5 s. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

/** Only failures where the node did not answer (transport, timeout) or asked us to wait (-28). */
export function isRetryableRpcFailure(err: unknown): boolean {
  return err instanceof RpcTransportError || err instanceof RpcInWarmupError;
}

/** Delay before retry number `retry` (1-based): half fixed, half random ("equal jitter"), capped. */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * Runs `fn`, retrying retryable failures when `retrySafe`; a non-idempotent call runs exactly once.
 * `onRetry` sees each failure that will be retried.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  opts: { policy: RetryPolicy; retrySafe: boolean; onRetry?: (err: unknown, retry: number, delayMs: number) => void },
): Promise<T> {
  const attempts = opts.retrySafe ? Math.max(1, opts.policy.attempts) : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !isRetryableRpcFailure(err)) throw err;
      const delayMs = backoffDelayMs(opts.policy, attempt);
      opts.onRetry?.(err, attempt, delayMs);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
