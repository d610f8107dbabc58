/**
 * A per-client token bucket: each client (IP address) may send `burst` requests at once and `perSecond`
 * requests per second sustained. Buckets live in memory, per api process; with several replicas each one
 * limits on its own (the limit protects the process, it is not a quota).
 */
export interface RateLimiter {
  /** Takes one token for `client`: 0 when allowed, else the seconds to wait before the next token. */
  take(client: string): number;
  /** Buckets held (bounded: full buckets are dropped once there are many). */
  readonly size: number;
}

/** Above this many clients, buckets that refilled completely are dropped (they hold no information). */
const SWEEP_ABOVE_CLIENTS = 10_000;

/** Creates a limiter; `now` (milliseconds) is injectable for tests. */
export function createRateLimiter(perSecond: number, burst: number, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (b: { tokens: number; at: number }, t: number) => {
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
    b.at = t;
  };
  const sweep = (t: number) => {
    for (const [client, b] of buckets) {
      refill(b, t);
      if (b.tokens >= burst) buckets.delete(client);
    }
  };
  return {
    take(client) {
      const t = now();
      let b = buckets.get(client);
      if (!b) {
        if (buckets.size >= SWEEP_ABOVE_CLIENTS) sweep(t);
        b = { tokens: burst, at: t };
        buckets.set(client, b);
      } else {
        refill(b, t);
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    },
    get size() {
      return buckets.size;
    },
  };
}
