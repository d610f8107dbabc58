import type { NotifierApp } from '../app';
import { simpleRecipients } from '../recipients/recipient';
import { parseRecipients } from '../recipients/recipients-file';
import { listNotifications } from '../store/status.repo';
import { startReplica, stateCounts, testConfig, writeSample } from '../test/notifier-fixture';
import { startSmtpSink, type SmtpSink } from '../test/smtp-sink';
import { DB_KINDS, eventually, openDbs, openTestRedis, testClock, type TestDbs, type TestRedis } from '../test/test-infra';

const pause = (ms: number) => new Promise((res) => setTimeout(res, ms));

describe.each(DB_KINDS)('hourly digest of block mails on %s', (kind) => {
  let dbs: TestDbs;
  let r: TestRedis;
  let sink: SmtpSink;
  const apps: NotifierApp[] = [];

  beforeAll(async () => {
    dbs = await openDbs(kind, 'hourly');
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

  it('by default holds pool and self blocks for ONE mail per hour; warnings and critical alerts go at once', async () => {
    const db = await dbs.fresh();
    const clock = testClock('2027-06-01T12:05:00Z');
    // PPM_MAIL_TO's recipients: the default, hourly.
    const config = testConfig(sink.url(), simpleRecipients('ops@example.com'));
    apps.push(await startReplica(config, db, r, { now: clock }), await startReplica(config, db, r, { now: clock }));
    await writeSample(db, 'pool_reward', 'h:pool:1');
    await writeSample(db, 'self_reward', 'h:self:1');
    await writeSample(db, 'low_connections', 'h:warn');
    await writeSample(db, 'staking_off', 'h:crit');
    // The test clock jumps only once every send is recorded: a jump past the claim lease would let the sweeper
    // retake an in-flight claim (the documented crash window), which is not what this test is about.
    const settled = (sent: number, held: number) => eventually(async () => {
      const c = await stateCounts(db);
      return c.sent === sent && c.held === held && Object.keys(c).length === 2;
    }, 15_000, `${sent} sent, ${held} held`);
    await settled(2, 2);
    clock.set('2027-06-01T12:40:00Z');
    await writeSample(db, 'pool_reward', 'h:pool:2');
    await settled(2, 3);
    expect(sink.received.map((m) => m.subject).sort()).toEqual(['[PPM CRITICAL] Staking is OFF', '[PPM warning] Low connections: 3']);
    const held = await db.query<{ held_reason: string }>(`SELECT DISTINCT held_reason FROM notification_deliveries WHERE state = 'held'`);
    expect(held.rows).toEqual([{ held_reason: 'digest' }]);

    // Still inside the hour the first block arrived in: nothing goes.
    clock.set('2027-06-01T12:59:59Z');
    expect((await Promise.all(apps.map((a) => a.checkDigests()))).reduce((a, b) => a + b, 0)).toBe(0);
    // The hour is over: both replicas check at once, ONE digest carries the three blocks.
    clock.set('2027-06-01T13:00:30Z');
    expect((await Promise.all(apps.map((a) => a.checkDigests()))).reduce((a, b) => a + b, 0)).toBe(1);
    await sink.waitFor(3);
    await pause(300); // room for a wrong second digest
    expect(sink.received).toHaveLength(3);
    const digest = sink.received[2]!;
    expect(digest.subject).toBe('[PPM] Hourly digest: 3 messages (pool and self-staked blocks)');
    expect(digest.text).toContain('Pool block 5509');
    expect(digest.text).toContain('Self-staked block 5510');
    expect(digest.to).toEqual(['ops@example.com']);
    expect(await stateCounts(db)).toEqual({ sent: 5 });
    const listed = await listNotifications(db, { limit: 10 });
    const digested = listed.filter((m) => m.deliveries[0]?.digestId);
    expect(digested.map((m) => m.kind).sort()).toEqual(['pool_reward', 'pool_reward', 'self_reward']);
    expect(new Set(digested.map((m) => m.deliveries[0]!.digestId)).size).toBe(1);

    // The next hour starts empty: nothing more to send.
    clock.set('2027-06-01T14:00:30Z');
    expect(await apps[0]!.checkDigests()).toBe(0);
  });

  it('a recipient who asks for each block gets each one at once, beside one who takes the digest', async () => {
    const db = await dbs.fresh();
    const clock = testClock('2027-06-01T08:10:00Z');
    const recipients = parseRecipients(JSON.stringify([
      { address: 'each@example.com', blockMails: 'each' },
      { address: 'hourly@example.com' },
    ]));
    apps.push(await startReplica(testConfig(sink.url(), recipients), db, r, { now: clock }));
    for (let i = 0; i < 4; i++) await writeSample(db, i % 2 === 0 ? 'pool_reward' : 'self_reward', `e:${i}`);
    await sink.waitFor(4);
    await eventually(async () => {
      const c = await stateCounts(db);
      return c.sent === 4 && c.held === 4 && Object.keys(c).length === 2;
    }, 15_000, '4 sent to each@, 4 held for hourly@');
    expect(sink.received.every((m) => m.to[0] === 'each@example.com')).toBe(true);
    clock.set('2027-06-01T09:00:00Z');
    expect(await apps[0]!.checkDigests()).toBe(1);
    await sink.waitFor(5);
    const digest = sink.received[4]!;
    expect(digest.to).toEqual(['hourly@example.com']);
    expect(digest.subject).toBe('[PPM] Hourly digest: 4 messages (pool and self-staked blocks)');
    expect(await stateCounts(db)).toEqual({ sent: 8 });
  });

  it('block mails held for the hour wait through quiet hours, then go with the night\'s messages in one digest', async () => {
    const db = await dbs.fresh();
    const clock = testClock('2027-06-01T21:30:00Z');
    const owl = parseRecipients(JSON.stringify([{ address: 'owl@example.com', quietHours: { start: '22:00', end: '07:00' } }]));
    apps.push(await startReplica(testConfig(sink.url(), owl), db, r, { now: clock }));
    await writeSample(db, 'pool_reward', 'n:pool'); // 21:30: held for the hour
    await eventually(async () => (await stateCounts(db)).held === 1, 10_000, 'held for the hour');
    clock.set('2027-06-01T23:00:00Z'); // the hour is over, but quiet hours began
    await writeSample(db, 'low_connections', 'n:warn'); // a warning in quiet hours: held as quiet
    await eventually(async () => (await stateCounts(db)).held === 2, 10_000, 'warning held for quiet hours');
    expect(await apps[0]!.checkDigests()).toBe(0);
    clock.set('2027-06-02T07:00:00Z');
    expect(await apps[0]!.checkDigests()).toBe(1);
    await sink.waitFor(1);
    expect(sink.received[0]!.subject).toBe('[PPM] Digest: 2 messages held during quiet hours');
    expect(await stateCounts(db)).toEqual({ sent: 2 });
  });
});
