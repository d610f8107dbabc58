/**
 * One cached value computed from the ledger, keyed by the part of the ledger fingerprint it depends on.
 * Concurrent readers of a new key share one computation (single flight): a crowd arriving after a block costs
 * one recomputation, not one per request. A value older than `maxAgeMs` under an unchanged key is still served
 * while one refresh runs in the background: the refresh only guards against a writer that committed entries
 * with lower ids after a higher id was already visible (ids are allocated before commit).
 */
export interface KeyedMemo<V> {
  get(key: string, compute: () => Promise<V>): Promise<V>;
}

/** Creates a {@link KeyedMemo}; `now` is injectable for tests. */
export function createKeyedMemo<V>(maxAgeMs: number, now: () => number = Date.now): KeyedMemo<V> {
  let current: { key: string; value: V; at: number } | undefined;
  let pending: { key: string; promise: Promise<V> } | undefined;

  const start = (key: string, compute: () => Promise<V>): Promise<V> => {
    const at = now();
    const promise = compute().then((value) => {
      // A slower computation of an older key must not replace a newer value.
      if (!current || current.key !== key || current.at <= at) current = { key, value, at };
      return value;
    }).finally(() => {
      if (pending?.promise === promise) pending = undefined;
    });
    pending = { key, promise };
    return promise;
  };

  return {
    get(key, compute) {
      if (current && current.key === key) {
        if (now() - current.at >= maxAgeMs && !pending) start(key, compute).catch(() => undefined);
        return Promise.resolve(current.value);
      }
      if (pending && pending.key === key) return pending.promise;
      return start(key, compute);
    },
  };
}
