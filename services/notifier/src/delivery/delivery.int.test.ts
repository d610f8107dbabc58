import type { OutboxKind } from '@ppm/ledger';
import { DEFAULT_SEVERITY } from '@ppm/ledger';
import { Registry } from 'prom-client';
import type { NotifierApp } from '../app';
import { listNotifications, notifierStatus } from '../store/status.repo';
import { counterTotal, startReplica, stateCounts, testConfig, writeSample } from '../test/notifier-fixture';
import { SAMPLE_PAYLOADS } from '../test/sample-payloads';
import { startSmtpSink, type SmtpSink } from '../test/smtp-sink';
import type { Db } from '@ppm/ledger';
import { DB_KINDS, eventually, openDbs, openTestRedis, type TestDbs, type TestRedis } from '../test/test-infra';

describe.each(DB_KINDS)('delivery on %s', (kind) => {
  let dbs: TestDbs;
  let t: { db: Db };
  let r: TestRedis;
  let sink: SmtpSink;
  const apps: NotifierApp[] = [];

  beforeAll(async () => {
    dbs = await openDbs(kind, 'delivery');
  });
  afterAll(async () => {
    await dbs.close();
  });
  beforeEach(async () => {
    t = { db: await dbs.fresh() };
    r = openTestRedis();
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.stop()));
    await sink.close();
    await r.cleanup();
  });

  it('renders and delivers every catalog message once to a real SMTP server', async () => {
    const kinds = Object.keys(DEFAULT_SEVERITY) as OutboxKind[];
    for (const k of kinds) await writeSample(t.db, k, `cat:${k}`);
    apps.push(await startReplica(testConfig(sink.url()), t.db, r));
    await sink.waitFor(kinds.length);
    await eventually(async () => (await stateCounts(t.db)).sent === kinds.length, 10_000, 'all recorded sent');
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(kinds.length);
    const pool = sink.received.find((m) => m.subject === '[PPM] Pool block 5509');
    expect(pool?.text.trim()).toBe('Pool block 5509: 1.00000000 QTUM shared by 7 delegates');
    expect(pool?.to).toEqual(['ops@example.com']);
    expect(sink.received.find((m) => m.subject === '[PPM CRITICAL] Staking is OFF')?.text).toContain('wallet has no mature coins');
    expect(sink.received.find((m) => m.subject === '[PPM] Daily summary 2026-11-29')?.html).toContain('Owed to delegates');

    const list = await listNotifications(t.db, { limit: 5 });
    expect(list).toHaveLength(5);
    expect(list[0]!.deliveries[0]).toMatchObject({ recipient: 'ops@example.com', state: 'sent', attempts: 1 });
    expect(list[0]!.deliveries[0]!.smtpResponse).toMatch(/^250/);
    const status = await notifierStatus(t.db);
    expect(status.deliveries.sent).toBe(kinds.length);
    expect(status.unrelayed).toBe(0);
    expect(status.lastError).toBeNull();
  });

  it('keeps messages while SMTP is down and sends each once when it is back', async () => {
    await sink.down();
    const registry = new Registry();
    apps.push(await startReplica(testConfig(sink.url()), t.db, r, { registry }));
    for (let i = 0; i < 20; i++) await writeSample(t.db, 'pool_reward', `down:${i}`);
    await eventually(async () => (await stateCounts(t.db)).retry === 20, 15_000, '20 deliveries in retry');
    expect(await counterTotal(registry, 'ppm_notifications_failed_total', ['outcome', 'retry'])).toBeGreaterThanOrEqual(20);
    expect((await notifierStatus(t.db)).lastError?.error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    await sink.up();
    await sink.waitFor(20, 20_000);
    await eventually(async () => (await stateCounts(t.db)).sent === 20, 10_000, 'all recorded sent');
    await new Promise((res) => setTimeout(res, 500)); // room for a wrong second send to arrive
    expect(sink.received).toHaveLength(20);
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(20);
  });

  it('recovers after Redis lost its jobs and a replica died mid-send: each message once, none lost', async () => {
    for (let i = 0; i < 3; i++) await writeSample(t.db, 'self_reward', `wiped:${i}`);
    // Relayed, but the jobs are gone (Redis wiped): nothing in the queue, no delivery rows.
    await t.db.query('UPDATE outbox SET relayed_at = now()');
    // A replica claimed this one and died before recording the outcome (claim older than the 5 s test lease).
    const orphan = await writeSample(t.db, 'payout_failed', 'orphan');
    await t.db.query('UPDATE outbox SET relayed_at = now() WHERE id = $1', [orphan]);
    await t.db.query(
      `INSERT INTO notification_deliveries (message_id, recipient, state, attempts, claimed_by, claimed_at, next_attempt_at)
       VALUES ($1, 'ops@example.com', 'sending', 1, 'dead-replica', now() - interval '10 minutes', now())`, [orphan]);
    apps.push(await startReplica(testConfig(sink.url()), t.db, r));
    // Relayed while this replica runs, and its job lost too: the sweeper finds it after the lease.
    await t.db.query(
      `INSERT INTO outbox (kind, severity, payload, dedupe_key, relayed_at)
       VALUES ('self_reward', 'info', $1, 'wiped:late', now() - interval '1 minute')`, [JSON.stringify(SAMPLE_PAYLOADS.self_reward)]);
    await sink.waitFor(5, 20_000);
    await eventually(async () => (await stateCounts(t.db)).sent === 5, 10_000, 'all recorded sent');
    await new Promise((res) => setTimeout(res, 300));
    expect(sink.received).toHaveLength(5);
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(5);
    const retaken = await t.db.query<{ attempts: number; claimed_by: string }>(
      'SELECT attempts, claimed_by FROM notification_deliveries WHERE message_id = $1', [orphan]);
    expect(retaken.rows[0]!.attempts).toBe(2);
    expect(retaken.rows[0]!.claimed_by).not.toBe('dead-replica');
  });
});

describe.each(DB_KINDS)('a bad SMTP password on %s', (kind) => {
  it('is a visible failure (state, 535 text, metric), not a crash', async () => {
    const t = await openDbs(kind, 'badauth');
    const r = openTestRedis();
    const sink = await startSmtpSink({ auth: { user: 'ppm', pass: 'right' } });
    const registry = new Registry();
    const app = await startReplica(testConfig(sink.url({ user: 'ppm', pass: 'wrong' })), t.db, r, { registry });
    try {
      await writeSample(t.db, 'staking_off', 'auth:1');
      await eventually(async () => (await stateCounts(t.db)).retry === 1, 10_000, 'delivery in retry');
      const status = await notifierStatus(t.db);
      expect(status.lastError?.error).toContain('535');
      expect(status.lastError?.error).not.toContain('wrong');
      expect(await counterTotal(registry, 'ppm_notifications_failed_total')).toBeGreaterThanOrEqual(1);
      expect(sink.received).toHaveLength(0);
      // The replica keeps running: a new message is recorded too.
      await writeSample(t.db, 'wallet_locked', 'auth:2');
      await eventually(async () => (await stateCounts(t.db)).retry === 2, 10_000, 'second delivery in retry');
    } finally {
      await app.stop();
      await sink.close();
      await r.cleanup();
      await t.close();
    }
  });
});
