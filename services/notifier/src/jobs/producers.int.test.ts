import { silentLogger } from '@ppm/runtime';
import { createNotifierApp } from '../app';
import { testConfig } from '../test/notifier-fixture';
import { DB_KINDS, openDbs, openTestRedis, testClock, type TestDbs } from '../test/test-infra';
import { previousUtcDay } from './daily-summary.job';
import type { StatusRpc } from './node-status';

// A node answering as qtumd 27.1 does through @ppm/qtum-rpc (amounts already bigint satoshis).
const node: StatusRpc = {
  getblockcount: () => Promise.resolve(1_234_567),
  getstakinginfo: () => Promise.resolve({ staking: true, weight: 900_000_000_000n, delegateweight: 250_000_000_000_000n, expectedtime: 7_500 }),
  getwalletinfo: () => Promise.resolve({ balanceSats: 1_234_567_890_123n, stakeSats: 987_654_321_000n }),
};

describe.each(DB_KINDS)('status producers on %s', (kind) => {
  let dbs: TestDbs;
  beforeAll(async () => {
    dbs = await openDbs(kind, 'producers');
  });
  afterAll(async () => {
    await dbs.close();
  });

  it('writes one hourly status per hour and one daily summary per day, from the node and the ledger', async () => {
    const db = await dbs.fresh();
    const r = openTestRedis();
    const clock = testClock('2026-11-30T07:00:05Z');
    const app = createNotifierApp(testConfig('smtp://127.0.0.1:1'), { db, redis: r.redis, prefix: r.prefix, log: silentLogger(), now: clock, rpc: node });
    try {
      await db.query(
        `INSERT INTO blocks (hash, height, kind, reward_sats, status, applied_at) VALUES
           ($1, 10, 'pool', 100000000, 'applied', '2026-11-29T05:00:00Z'),
           ($2, 11, 'self', 40000000, 'applied', '2026-11-29T23:59:59Z'),
           ($3, 12, 'pool', 100000000, 'applied', '2026-11-30T00:00:00Z')`,
        ['1'.repeat(64), '2'.repeat(64), '3'.repeat(64)],
      );
      await db.query(`INSERT INTO snapshots (block_hash, height, reward_sats, pool_weight_sats, delegate_count, content_hash)
                      VALUES ($1, 10, 100000000, 1000, 7, $2)`, ['1'.repeat(64), 'f'.repeat(64)]);
      await db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, block_hash, height) VALUES
                        ('delegate_share', 'qA', 60000000, $1, 10), ('delegate_share', 'qB', 40000000, $1, 10)`, ['1'.repeat(64)]);

      const id = await app.produceHourlyStatus();
      expect(id).not.toBeNull();
      expect(await app.produceHourlyStatus()).toBeNull(); // same hour: deduplicated
      const hourly = await db.query<{ payload: Record<string, unknown>; dedupe_key: string }>(`SELECT payload, dedupe_key FROM outbox WHERE id = $1`, [id]);
      expect(hourly.rows[0]).toEqual({
        dedupe_key: 'hourly_status:2026-11-30T07',
        payload: {
          height: 1_234_567, balanceSats: '1234567890123', stakeSats: '987654321000', ownWeightSats: '900000000000',
          delegatedWeightSats: '250000000000000', delegates: 7, expectedSecondsToNextBlock: 7_500, staking: true,
        },
      });

      expect(previousUtcDay(clock())).toBe('2026-11-29');
      const daily = await app.produceDailySummary();
      expect(await app.produceDailySummary()).toBeNull();
      const d = await db.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM outbox WHERE id = $1`, [daily]);
      expect(d.rows[0]!.payload).toEqual({
        date: '2026-11-29', poolBlocks: 1, selfBlocks: 1, rewardSats: '140000000', paidSats: '0', delegates: 2, balanceOwedSats: '100000000',
      });
    } finally {
      await app.stop();
      await r.cleanup();
    }
  });
});
