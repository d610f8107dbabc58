import { randomBytes } from 'node:crypto';
import IORedis, { type Redis } from 'ioredis';

/** A Redis connection for one test file, with its own key prefix. */
export interface TestRedis {
  readonly url: string;
  /** Shared connection (BullMQ-ready: maxRetriesPerRequest null). */
  readonly redis: Redis;
  /** Unique queue/key prefix for this file: pass it to queues and workers; keys are `${prefix}:*`. */
  readonly prefix: string;
  /** Another connection, closed by {@link TestRedis.cleanup}. */
  connection(): Redis;
  /** Deletes only this prefix's keys (never FLUSHALL a shared Redis); other tests keep theirs. */
  flushPrefix(): Promise<number>;
  /** Deletes this prefix's keys and closes every connection. Idempotent. */
  cleanup(): Promise<void>;
}

/**
 * Connects to the test Redis (`REDIS_URL`, set by the root jest global setup) with a unique prefix, so tests
 * of several packages can share one server in parallel.
 */
export function testRedis(label = 'test', url: string = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'): TestRedis {
  const prefix = `t_${label.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 30)}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const open = () => new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  const redis = open();
  const extra: Redis[] = [];
  let done = false;
  const flushPrefix = async (): Promise<number> => {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  };
  return {
    url,
    redis,
    prefix,
    connection() {
      const c = open();
      extra.push(c);
      return c;
    },
    flushPrefix,
    async cleanup() {
      if (done) return;
      done = true;
      await flushPrefix().catch(() => undefined);
      for (const c of [...extra, redis]) await c.quit().catch(() => c.disconnect());
    },
  };
}
