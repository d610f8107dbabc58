import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openPglite, SchemaOutOfDateError } from '@ppm/ledger';
import { ConfigError, isRetryable, silentLogger } from '@ppm/runtime';
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

  it('refuses PPM_AUTO_MIGRATE with Postgres: only `ppm migrate` changes a shared database', () => {
    let error: unknown;
    try {
      createServiceContext('test', { DATABASE_URL: 'postgres://ppm@127.0.0.1:5432/ppm', PPM_AUTO_MIGRATE: '1' }, silentLogger());
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^PPM_AUTO_MIGRATE: only for embedded PGlite.*ppm migrate/)]);
    expect(() => createServiceContext('test', { PPM_AUTO_MIGRATE: 'yes' }, silentLogger())).toThrow(/PPM_AUTO_MIGRATE: must be 1 or 0/);
  });

  describe('schema version check at start (PGlite)', () => {
    let dataDir: string;

    beforeAll(() => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-service-host-schema-'));
    });
    afterAll(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const open = async (extra: Record<string, string> = {}) => {
      const ctx = createServiceContext('test', { PPM_DATA_DIR: dataDir, PPM_LOG_LEVEL: 'silent', DATABASE_URL: '', ...extra }, silentLogger());
      try {
        const db = await ctx.db();
        return (await db.query<{ n: string }>('SELECT count(*)::text AS n FROM ppm_migrations')).rows[0]?.n;
      } finally {
        await ctx.shutdown.run();
      }
    };

    it('refuses an unmigrated ledger with a permanent error that tells the operator to run `ppm migrate`', async () => {
      const error = await open().then(() => undefined, (err: unknown) => err);
      expect(error).toBeInstanceOf(SchemaOutOfDateError);
      expect(isRetryable(error)).toBe(false);
      expect((error as Error).message).toMatch(/older than this release: \d+ migration\(s\) pending \(001_ledger_core\.sql, .*run `ppm migrate`/);
      // Nothing was created by the refused start.
      const lite = await openPglite({ dataDir: path.join(dataDir, 'pglite') });
      expect((await lite.query<{ t: string | null }>("SELECT to_regclass('ledger_entries')::text AS t")).rows[0]?.t).toBeNull();
      await lite.close();
    });

    it('starts once `ppm migrate` has run (the same migrations), and refuses again when one is missing', async () => {
      const lite = await openPglite({ dataDir: path.join(dataDir, 'pglite') });
      const m = await migrate(lite);
      expect(m.applied.length).toBeGreaterThan(0);
      await lite.close();
      expect(Number(await open())).toBe(m.applied.length);

      const again = await openPglite({ dataDir: path.join(dataDir, 'pglite') });
      const last = m.applied[m.applied.length - 1]!;
      await again.query('DELETE FROM ppm_migrations WHERE name = $1', [last]);
      await again.close();
      await expect(open()).rejects.toThrow(new RegExp(`1 migration\\(s\\) pending \\(${last.replace('.', '\\.')}\\)`));
    });
  });

  describe('on PGlite and real Redis', () => {
    const prefix = `test-service-host-${randomUUID()}`;
    let dataDir: string;
    let ctx: ServiceContext;

    beforeAll(() => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-service-host-'));
      ctx = createServiceContext('test', {
        PPM_DATA_DIR: dataDir, REDIS_URL: process.env.REDIS_URL, PPM_QUEUE_PREFIX: prefix, PPM_LOG_LEVEL: 'silent', DATABASE_URL: '',
        PPM_AUTO_MIGRATE: '1',
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

    it('opens PGlite in the data dir and migrates it once (PPM_AUTO_MIGRATE=1)', async () => {
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
