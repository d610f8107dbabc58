import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, silentLogger } from '@ppm/runtime';
import { createServiceContext, type ServiceContext } from './context';

describe('createServiceContext', () => {
  it('refuses a bad host env, naming each variable', () => {
    let error: unknown;
    try {
      createServiceContext('test', { PPM_LOG_LEVEL: 'loud', PPM_QUEUE_PREFIX: 'a:b' }, silentLogger());
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems.filter((p) => p.startsWith('PPM_LOG_LEVEL: '))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith('PPM_QUEUE_PREFIX: '))).toHaveLength(1);
  });

  describe('on PGlite and real Redis', () => {
    const prefix = `test-service-host-${randomUUID()}`;
    let dataDir: string;
    let ctx: ServiceContext;

    beforeAll(() => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-service-host-'));
      ctx = createServiceContext('test', {
        PPM_DATA_DIR: dataDir, REDIS_URL: process.env.REDIS_URL, PPM_QUEUE_PREFIX: prefix, PPM_LOG_LEVEL: 'silent', DATABASE_URL: '',
      }, silentLogger());
    });

    afterAll(async () => {
      if (!ctx) return;
      const redis = ctx.redis();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await ctx.shutdown.run();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('parses the host config', () => {
      expect(ctx.config.PPM_QUEUE_PREFIX).toBe(prefix);
      expect(ctx.config.DATABASE_URL).toBeUndefined();
      expect(ctx.config.PPM_OPS_LISTEN).toBe('127.0.0.1:0');
      expect(ctx.openedDb()).toBeUndefined();
    });

    it('opens PGlite in the data dir and migrates it, once', async () => {
      const db = await ctx.db();
      expect(db.kind).toBe('pglite');
      expect(await ctx.db()).toBe(db);
      expect(ctx.openedDb()).toBeDefined();
      const r = await db.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM information_schema.tables WHERE table_name IN ('blocks', 'payout_batches')");
      expect(r.rows[0]?.n).toBe('2');
      expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
    });

    it('opens one Redis connection', async () => {
      const redis = ctx.redis();
      expect(ctx.redis()).toBe(redis);
      expect(await redis.ping()).toBe('PONG');
    });

    it('exposes the ledger and queue gauges once the clients are open', async () => {
      await ctx.db();
      ctx.redis();
      await ctx.registerLedgerMetrics();
      await ctx.registerLedgerMetrics(); // a second call must not register the gauges twice
      const text = await ctx.registry.metrics();
      expect(text).toMatch(/^ppm_ledger_applied_height 0$/m);
      expect(text).toContain('# TYPE ppm_payout_batches gauge');
      expect(text).toMatch(/^ppm_queue_depth\{queue="chain\.blocks"\} 0$/m);
      expect(text).toMatch(/^ppm_queue_depth\{queue="payouts"\} 0$/m);
      expect(text).toContain('# TYPE ppm_rpc_calls_total counter');
    });
  });
});
