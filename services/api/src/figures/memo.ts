/**
 * One cached value computed from the ledger, keyed by the part of the ledger fingerprint it depends on.
 * Concurrent readers of a new key share one computation (single flight): a crowd arriving after a block costs
 * one recomputation, not one per request. A value older than `maxAgeMs` under an unchanged key is still served
 * while one refresh runs in the background: the refresh only guards against a writer that committed entries
 * with lower ids after a higher id was already visible (ids are allocated before commit). With `stillValid`, that
 * refresh first asks it (a cheap check, e.g. the entry count the value was computed at) and recomputes only when
 * it says no (or fails).
 */
export interface KeyedMemo<V> {
  get(key: string, compute: () => Promise<V>): Promise<V>;
}

/** Creates a {@link KeyedMemo}; `now` is injectable for tests. */
export function createKeyedMemo<V>(maxAgeMs: number, now: () => number = Date.now, stillValid?: (value: V) => Promise<boolean>): KeyedMemo<V> {
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

  // The background refresh of an aged value: kept (its age reset) when `stillValid` confirms it, else recomputed.
  const refresh = (key: string, compute: () => Promise<V>): void => {
    const aged = current;
    if (!aged) return;
    const at = now();
    const next = stillValid
      ? stillValid(aged.value).catch(() => false).then((ok) => {
        if (!ok) return compute();
        if (current === aged) current = { ...aged, at };
        return aged.value;
      })
      : compute();
    const promise = next.then((value) => {
      if (!current || current.key !== key || current.at <= at) current = { key, value, at };
      return value;
    }).finally(() => {
      if (pending?.promise === promise) pending = undefined;
    });
    pending = { key, promise };
    promise.catch(() => undefined);
  };

  return {
    get(key, compute) {
      if (current && current.key === key) {
        if (now() - current.at >= maxAgeMs && !pending) refresh(key, compute);
        return Promise.resolve(current.value);
      }
      if (pending && pending.key === key) return pending.promise;
      return start(key, compute);
    },
  };
}
