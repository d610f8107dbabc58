import { testRedis } from './redis';

describe('testRedis', () => {
  it('gives unique prefixes and flushes only its own keys', async () => {
    const a = testRedis('kit');
    const b = testRedis('kit');
    try {
      expect(a.prefix).not.toBe(b.prefix);
      await a.redis.set(`${a.prefix}:x`, '1');
      await a.connection().set(`${a.prefix}:y`, '2');
      await b.redis.set(`${b.prefix}:x`, '3');
      expect(await a.flushPrefix()).toBe(2);
      expect(await a.redis.exists(`${a.prefix}:x`, `${a.prefix}:y`)).toBe(0);
      expect(await b.redis.get(`${b.prefix}:x`)).toBe('3');
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
    expect(a.redis.status).toBe('end');
    // cleanup deleted b's keys too; check with a fresh connection.
    const c = testRedis('kit');
    expect(await c.redis.exists(`${b.prefix}:x`)).toBe(0);
    await c.cleanup();
  });
});
