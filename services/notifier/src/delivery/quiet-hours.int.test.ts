import { Registry } from 'prom-client';
import type { NotifierApp } from '../app';
import { parseRecipients } from '../recipients/recipients-file';
import { listNotifications } from '../store/status.repo';
import { startReplica, stateCounts, testConfig, writeSample } from '../test/notifier-fixture';
import { startSmtpSink, type SmtpSink } from '../test/smtp-sink';
import { DB_KINDS, eventually, openDbs, openTestRedis, testClock, type TestDbs, type TestRedis } from '../test/test-infra';

const nightOwl = parseRecipients(JSON.stringify([{
  address: 'owl@example.com', timeZone: 'America/New_York', quietHours: { start: '22:00', end: '07:00' }, criticalBypassesQuiet: true,
}]));

describe.each(DB_KINDS)('quiet hours and digests on %s', (kind) => {
  let dbs: TestDbs;
  let r: TestRedis;
  let sink: SmtpSink;
  const apps: NotifierApp[] = [];

  beforeAll(async () => {
    dbs = await openDbs(kind, 'quiet');
  });
  afterAll(async () => {
    await dbs.close();
  });
  beforeEach(async () => {
    r = openTestRedis();
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.stop()));
    await sink.close();
    await r.cleanup();
  });

  it('holds messages across the March DST change and sends ONE digest at 07:00 EDT (11:00 UTC)', async () => {
    const db = await dbs.fresh();
    // 23:00 EST on Saturday 13 March 2027; clocks spring forward at 02:00 that night.
    const clock = testClock('2027-03-14T04:00:00Z');
    const config = testConfig(sink.url(), nightOwl);
    apps.push(await startReplica(config, db, r, { now: clock }), await startReplica(config, db, r, { now: clock }));
    for (let i = 0; i < 3; i++) await writeSample(db, i === 0 ? 'pool_reward' : i === 1 ? 'self_reward' : 'low_connections', `q:${i}`);
    await writeSample(db, 'staking_off', 'q:crit'); // critical: bypasses quiet hours
    await sink.waitFor(1);
    // Settled before the clock moves: the sink keeps a mail before its 250 reaches the sender, so the critical may
    // still be 'sending' here. Jumping the shared fake clock 7 h ahead then makes that claim look older than the lease
    // (20 s), and the sweeper retakes and sends it again (a second critical mail, flaky under load).
    await eventually(async () => {
      const c = await stateCounts(db);
      return c.held === 3 && c.sent === 1;
    }, 10_000, '3 held, the critical recorded sent');
    expect(await stateCounts(db)).toEqual({ held: 3, sent: 1 });
    expect(sink.received[0]!.subject).toBe('[PPM CRITICAL] Staking is OFF');

    // 06:59 EDT: still quiet (a fixed UTC-5 offset would end at 12:00 UTC; UTC-4 now).
    clock.set('2027-03-14T10:59:00Z');
    expect(await apps[0]!.checkDigests()).toBe(0);
    clock.set('2027-03-14T11:00:00Z');
    // Both replicas run the check at once: one digest.
    const sent = await Promise.all(apps.map((a) => a.checkDigests()));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    await sink.waitFor(2);
    await new Promise((res) => setTimeout(res, 300));
    expect(sink.received).toHaveLength(2);
    const digest = sink.received[1]!;
    expect(digest.subject).toBe('[PPM] Digest: 3 messages held during quiet hours');
    expect(digest.text).toContain('Pool block 5509: 1.00000000 QTUM shared by 7 delegates');
    expect(digest.text).toContain('Self-staked block 5510');
    expect(digest.text).toContain('only 3 connections');
    expect(await stateCounts(db)).toEqual({ sent: 4 });
    const listed = await listNotifications(db, { limit: 10 });
    expect(listed.filter((m) => m.deliveries[0]?.digestId)).toHaveLength(3);
  });

  it('runs the digest check from its job scheduler', async () => {
    const db = await dbs.fresh();
    const id = await writeSample(db, 'pool_reward', 'sched:1');
    await db.query('UPDATE outbox SET relayed_at = now()');
    await db.query(`INSERT INTO notification_deliveries (message_id, recipient, state, held_reason, next_attempt_at)
                    VALUES ($1, 'ops@example.com', 'held', 'quiet', now())`, [id]);
    apps.push(await startReplica(testConfig(sink.url(), undefined, { digestCheckMs: 300 }), db, r));
    await sink.waitFor(1, 15_000);
    expect(sink.received[0]!.subject).toBe('[PPM] Digest: 1 message held during quiet hours');
  });

  it('holds the excess over maxPerHour for the next digest instead of dropping it', async () => {
    const db = await dbs.fresh();
    const clock = testClock('2027-06-01T12:00:00Z');
    const limited = parseRecipients(JSON.stringify([{ address: 'busy@example.com', maxPerHour: 2, blockMails: 'each' }]));
    const registry = new Registry();
    apps.push(await startReplica(testConfig(sink.url(), limited, { concurrency: 1 }), db, r, { now: clock, registry }));
    for (let i = 0; i < 5; i++) await writeSample(db, 'pool_reward', `rate:${i}`);
    await eventually(async () => {
      const c = await stateCounts(db);
      return c.sent === 2 && c.held === 3;
    }, 10_000, '2 sent, 3 held');
    expect(await apps[0]!.checkDigests()).toBe(0); // the hour's budget is spent
    clock.set('2027-06-01T13:00:01Z');
    expect(await apps[0]!.checkDigests()).toBe(1);
    await sink.waitFor(3);
    expect(sink.received[2]!.subject).toContain('3 messages');
    expect(await stateCounts(db)).toEqual({ sent: 5 });
  });
});
