import type { Db } from '@ppm/ledger';
import type { NotifierApp } from '../app';
import { startReplica, stateCounts, testConfig } from '../test/notifier-fixture';
import { startSmtpSink } from '../test/smtp-sink';
import { eventually, openDbs, openTestRedis, secondPool } from '../test/test-infra';

const N = 1_000;

async function writeMany(db: Db, n: number): Promise<void> {
  // One INSERT for the lot: the test measures delivery, not the producer.
  await db.query(
    `INSERT INTO outbox (kind, severity, payload, dedupe_key)
     SELECT 'pool_reward', 'info',
            jsonb_build_object('height', g, 'blockHash', repeat('a', 64), 'rewardSats', '100000000', 'poolFeeSats', '0',
                               'delegatesPaid', 7, 'poolWeightSats', '1000'),
            'replicas:' || g
       FROM generate_series(1, $1::int) g`,
    [n],
  );
}

// Postgres only: PGlite is one in-process connection (single-process mode runs one replica), so N replicas is a
// Postgres deployment by definition. Without a Postgres this fails (testkit says how to get one); it never skips.
describe('two notifier replicas on Postgres', () => {
  it(`deliver each of ${N} messages exactly once`, async () => {
    const dbs = await openDbs('postgres', 'replicas');
    const other = await secondPool(dbs.db);
    const r = openTestRedis();
    const sink = await startSmtpSink();
    const apps: NotifierApp[] = [];
    try {
      const config = testConfig(sink.url());
      apps.push(await startReplica(config, dbs.db, r), await startReplica(config, other, r));
      await writeMany(dbs.db, N);
      await sink.waitFor(N, 150_000);
      await eventually(async () => (await stateCounts(dbs.db)).sent === N, 20_000, 'all recorded sent');
      await new Promise((res) => setTimeout(res, 500)); // room for a wrong duplicate to arrive
      const ids = sink.received.map((m) => m.messageId);
      expect(ids).toHaveLength(N);
      expect(new Set(ids).size).toBe(N);
      expect(new Set(sink.received.map((m) => m.subject)).size).toBe(N);
      // Both replicas did work (the claim, not luck, kept them apart).
      const owners = await dbs.db.query<{ n: string }>(`SELECT count(DISTINCT claimed_by)::text AS n FROM notification_deliveries`);
      expect(Number(owners.rows[0]!.n)).toBe(2);
      expect((await stateCounts(dbs.db)).sent).toBe(N);
    } finally {
      await Promise.all(apps.map((a) => a.stop()));
      await sink.close();
      await r.cleanup();
      if (other !== dbs.db) await other.close();
      await dbs.close();
    }
  }, 180_000); // a loaded 2-core CI box sends ~25 msg/s with the parsing sink in the same process
});
