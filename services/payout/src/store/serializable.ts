/** Postgres SQLSTATEs that mean "run the transaction again": serialization failure and deadlock. */
const RETRY_STATES = new Set(['40001', '40P01']);

/** Runs `fn` (one transaction) again when Postgres aborted it for a serialization conflict; at most `attempts` times. */
export async function withSerializableRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (i >= attempts || typeof code !== 'string' || !RETRY_STATES.has(code)) throw err;
      await new Promise((r) => setTimeout(r, 20 * i));
    }
  }
}
