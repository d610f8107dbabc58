import { writeOutbox, type Db } from '@ppm/ledger';
import type { NotifierApp } from '../app';
import type { Recipient } from '../recipients/recipient';
import { startReplica, stateCounts, testConfig, writeSample } from '../test/notifier-fixture';
import { SAMPLE_PAYLOADS } from '../test/sample-payloads';
import { SINK_DISCORD_PATH, SINK_TELEGRAM_TOKEN, SINK_WEBHOOK_SECRET, startHttpSink, type HttpSink } from '../test/http-sink';
import { startSmtpSink, type SmtpSink } from '../test/smtp-sink';
import { eventually, openDbs, openTestRedis, secondPool, testClock, type TestDbs, type TestRedis } from '../test/test-infra';

const base = { severities: ['info', 'warning', 'critical'] as const, timeZone: 'UTC', criticalBypassesQuiet: true, blockMails: 'each' as const };

/** One recipient per channel, all pointing at the local sinks. */
function recipients(http: HttpSink): Recipient[] {
  return [
    { ...base, severities: [...base.severities], address: 'ops@example.com' },
    { ...base, severities: [...base.severities], address: 'webhook:ops', channel: { kind: 'webhook', url: `${http.baseUrl}/hook`, secret: SINK_WEBHOOK_SECRET } },
    { ...base, severities: [...base.severities], address: 'telegram:ops', channel: { kind: 'telegram', apiBaseUrl: http.baseUrl, token: SINK_TELEGRAM_TOKEN, chatId: '-1001' } },
    { ...base, severities: [...base.severities], address: 'discord:ops', channel: { kind: 'discord', webhookUrl: `${http.baseUrl}${SINK_DISCORD_PATH}` } },
  ];
}

const byRoute = (http: HttpSink, route: string) => http.received.filter((p) => p.route === route);

// Postgres: two replicas are a Postgres deployment (see replicas.int.test.ts); never skipped.
describe('channels on Postgres', () => {
  let dbs: TestDbs;
  let db: Db;
  let r: TestRedis;
  let smtp: SmtpSink;
  let http: HttpSink;
  const apps: NotifierApp[] = [];
  const others: Db[] = [];

  beforeAll(async () => {
    dbs = await openDbs('postgres', 'channels');
  });
  afterAll(async () => {
    await dbs.close();
  });
  beforeEach(async () => {
    db = await dbs.fresh();
    r = openTestRedis();
    smtp = await startSmtpSink();
    http = await startHttpSink();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.stop()));
    await Promise.all(others.splice(0).map((o) => (o !== db ? o.close() : Promise.resolve())));
    await http.close();
    await smtp.close();
    await r.cleanup();
  });

  it('two replicas deliver each message exactly once per recipient on every channel, signatures verified', async () => {
    const N = 30;
    const other = await secondPool(db);
    others.push(other);
    const config = testConfig(smtp.url(), recipients(http));
    apps.push(await startReplica(config, db, r), await startReplica(config, other, r));
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      // A distinct height per message: each channel's text tells them apart.
      const id = await writeOutbox(db, { kind: 'pool_reward', payload: { ...SAMPLE_PAYLOADS.pool_reward, height: 7_000 + i }, dedupeKey: `ch:${i}` });
      ids.push(id!);
    }
    await smtp.waitFor(N, 60_000);
    await eventually(() => http.received.length >= 3 * N, 60_000, 'every HTTP channel received all');
    await eventually(async () => (await stateCounts(db)).sent === 4 * N, 20_000, 'all recorded sent');
    await new Promise((res) => setTimeout(res, 500)); // room for a wrong duplicate to arrive
    expect(http.rejected).toEqual([]);
    expect(smtp.received).toHaveLength(N);
    const hooks = byRoute(http, 'webhook');
    expect(hooks).toHaveLength(N);
    expect(new Set(hooks.map((h) => h.body['id']))).toEqual(new Set(ids.map((id) => `msg-${id}`)));
    expect(hooks[0]!.body).toMatchObject({ kind: 'pool_reward', severity: 'info', subject: expect.stringMatching(/^\[PPM\] Pool block/) });
    expect(typeof hooks[0]!.body['createdAt']).toBe('string');
    const tg = byRoute(http, 'telegram');
    expect(tg).toHaveLength(N);
    expect(new Set(tg.map((p) => p.body['text'])).size).toBe(N);
    expect(tg[0]!.body['chat_id']).toBe('-1001');
    const dc = byRoute(http, 'discord');
    expect(dc).toHaveLength(N);
    expect(new Set(dc.map((p) => p.body['content'])).size).toBe(N);
    const owners = await db.query<{ n: string }>(`SELECT count(DISTINCT claimed_by)::text AS n FROM notification_deliveries`);
    expect(Number(owners.rows[0]!.n)).toBe(2);
    const perRecipient = await db.query<{ recipient: string; n: string }>(
      `SELECT recipient, count(*)::text AS n FROM notification_deliveries WHERE state = 'sent' GROUP BY recipient ORDER BY recipient`);
    expect(perRecipient.rows.map((x) => [x.recipient, Number(x.n)])).toEqual(
      [['discord:ops', N], ['ops@example.com', N], ['telegram:ops', N], ['webhook:ops', N]]);
  }, 120_000);

  it('retries 500 and 429 (honouring Retry-After) then delivers once; other 4xx fail for good', async () => {
    http.script('webhook', [{ status: 500 }, { status: 429, headers: { 'retry-after': '1' } }]);
    http.script('telegram', [{ status: 429, body: JSON.stringify({ ok: false, error_code: 429, parameters: { retry_after: 1 } }) }]);
    http.script('discord', [{ status: 400, body: '{"message":"Cannot send an empty message"}' }]);
    apps.push(await startReplica(testConfig(smtp.url(), recipients(http)), db, r));
    const id = await writeSample(db, 'pool_reward', 'retry:1');
    await eventually(() => byRoute(http, 'webhook').length === 1 && byRoute(http, 'telegram').length === 1, 20_000, 'webhook and telegram delivered');
    await eventually(async () => (await stateCounts(db)).sent === 3, 10_000, 'three sent');
    const rows = await db.query<{ recipient: string; state: string; attempts: number; last_error: string | null }>(
      `SELECT recipient, state, attempts, last_error FROM notification_deliveries WHERE message_id = $1 ORDER BY recipient`, [id]);
    expect(rows.rows.map((x) => [x.recipient, x.state, x.attempts])).toEqual([
      ['discord:ops', 'failed', 1], ['ops@example.com', 'sent', 1], ['telegram:ops', 'sent', 2], ['webhook:ops', 'sent', 3]]);
    expect(rows.rows[0]!.last_error).toBe('HTTP 400 from discord');
    // The 429s' Retry-After (1 s) held the next attempt back, well beyond the test backoff (<= 440 ms).
    const hookHits = http.hits.filter((h) => h.route === 'webhook');
    expect(hookHits.map((h) => h.status)).toEqual([500, 429, 200]);
    expect(hookHits[2]!.at - hookHits[1]!.at).toBeGreaterThanOrEqual(950);
    const tgHits = http.hits.filter((h) => h.route === 'telegram');
    expect(tgHits[1]!.at - tgHits[0]!.at).toBeGreaterThanOrEqual(950);
    await new Promise((res) => setTimeout(res, 500));
    expect(byRoute(http, 'discord')).toHaveLength(0);
    expect(http.hits.filter((h) => h.route === 'discord')).toHaveLength(1);
  }, 60_000);

  it('a webhook signed with the wrong secret is refused by the receiver and not retried (401 is permanent)', async () => {
    const wrong: Recipient[] = [{ ...base, severities: [...base.severities], address: 'webhook:ops', channel: { kind: 'webhook', url: `${http.baseUrl}/hook`, secret: 'not-the-secret' } }];
    apps.push(await startReplica(testConfig(smtp.url(), wrong), db, r));
    await writeSample(db, 'pool_reward', 'wrong:1');
    await eventually(async () => (await stateCounts(db)).failed === 1, 10_000, 'delivery failed');
    expect(http.rejected).toEqual(['webhook: bad signature']);
    expect(http.received).toHaveLength(0);
  }, 30_000);

  it('quiet hours hold a webhook and a Telegram recipient\'s messages and send ONE digest each when they end; critical bypasses', async () => {
    const quiet = { ...base, severities: [...base.severities], quietHours: { start: '22:00', end: '07:00' } };
    const list: Recipient[] = [
      { ...quiet, address: 'webhook:night', channel: { kind: 'webhook', url: `${http.baseUrl}/hook`, secret: SINK_WEBHOOK_SECRET } },
      { ...quiet, address: 'telegram:night', channel: { kind: 'telegram', apiBaseUrl: http.baseUrl, token: SINK_TELEGRAM_TOKEN, chatId: '7' } },
    ];
    const clock = testClock('2026-12-02T23:00:00Z');
    const config = testConfig(smtp.url(), list);
    apps.push(await startReplica(config, db, r, { now: clock }), await startReplica(config, db, r, { now: clock }));
    await writeSample(db, 'pool_reward', 'night:1');
    await writeSample(db, 'low_connections', 'night:2');
    const crit = await writeSample(db, 'staking_off', 'night:crit');
    await eventually(async () => (await stateCounts(db)).held === 4, 10_000, '4 held');
    await eventually(() => http.received.length === 2, 10_000, 'critical sent to both');
    // Recorded sent before the clock jumps: a claim still 'sending' would look older than the lease at the new time
    // and be retaken by the sweeper (a duplicate; see quiet-hours.int.test.ts).
    await eventually(async () => (await stateCounts(db)).sent === 2, 10_000, 'critical recorded sent to both');
    expect(http.received.every((p) => p.route === 'telegram' || p.body['id'] === `msg-${crit}`)).toBe(true);
    clock.set('2026-12-03T06:59:00Z');
    expect(await apps[0]!.checkDigests()).toBe(0);
    clock.set('2026-12-03T07:00:00Z');
    expect((await apps[0]!.checkDigests()) + (await apps[1]!.checkDigests())).toBe(2);
    expect(await apps[1]!.checkDigests()).toBe(0);
    const digests = http.received.slice(2);
    expect(digests.map((p) => p.route).sort()).toEqual(['telegram', 'webhook']);
    const hook = digests.find((p) => p.route === 'webhook')!.body;
    expect(hook).toMatchObject({ kind: 'digest', severity: 'warning', id: expect.stringMatching(/^digest-/) });
    expect(String(hook['text'])).toContain('Pool block 5509');
    expect(String(digests.find((p) => p.route === 'telegram')!.body['text'])).toContain('Pool block 5509');
    expect(http.rejected).toEqual([]);
  }, 30_000);
});
