/**
 * Errors are classified once, at the boundary where they are first understood:
 * - {@link RetryableError}: the same work may succeed later (node down, timeout, warming up, SMTP down).
 * - {@link PermanentError}: retrying cannot help (bad input, policy refusal, broken invariant).
 * Queue adapters map PermanentError to BullMQ's UnrecoverableError; gRPC maps domain errors to status codes.
 */
export class RetryableError extends Error {
  override readonly name: string = 'RetryableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An error that must not be retried. See {@link RetryableError}. */
export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** True when `err` (or a cause in its chain) is a {@link RetryableError}. */
export function isRetryable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof RetryableError) return true;
    if (e instanceof PermanentError) return false;
  }
  return false;
}

/** Process exit codes (sysexits-style): 0 clean, 1 permanent fault, 75 temporary fault (retry later). */
export const EXIT_OK = 0;
export const EXIT_PERMANENT = 1;
export const EXIT_RETRYABLE = 75;

/** Message of an unknown thrown value, for logs and CLI output. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
