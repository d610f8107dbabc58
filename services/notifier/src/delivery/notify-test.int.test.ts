import net from 'node:net';
import type { Recipient } from '../recipients/recipient';
import { SINK_DISCORD_PATH, SINK_TELEGRAM_TOKEN, SINK_WEBHOOK_SECRET, startHttpSink, type HttpSink } from '../test/http-sink';
import { testConfig } from '../test/notifier-fixture';
import { startSmtpSink, type SmtpSink } from '../test/smtp-sink';
import { notifyTest } from './notify-test';

// `ppm notify test` against real local receivers: an SMTP server, and one HTTP server playing the webhook
// receiver (it verifies X-PPM-Signature and the timestamp), Telegram's Bot API and a Discord webhook.
const base = { severities: ['info' as const, 'warning' as const, 'critical' as const], timeZone: 'UTC', criticalBypassesQuiet: true, blockMails: 'hourly' as const };

function recipients(http: HttpSink, o: { secret?: string; token?: string; discordUrl?: string } = {}): Recipient[] {
  return [
    { ...base, address: 'ops@example.com' },
    { ...base, address: 'webhook:ops', channel: { kind: 'webhook', url: `${http.baseUrl}/hook`, secret: o.secret ?? SINK_WEBHOOK_SECRET } },
    { ...base, address: 'telegram:ops', channel: { kind: 'telegram', apiBaseUrl: http.baseUrl, token: o.token ?? SINK_TELEGRAM_TOKEN, chatId: '-1001' } },
    { ...base, address: 'discord:ops', channel: { kind: 'discord', webhookUrl: o.discordUrl ?? `${http.baseUrl}${SINK_DISCORD_PATH}` } },
  ];
}

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('notifyTest (ppm notify test) on every channel', () => {
  let http: HttpSink;
  let smtp: SmtpSink;
  beforeEach(async () => {
    http = await startHttpSink();
    smtp = await startSmtpSink({ auth: { user: 'ppm', pass: 'right' } });
  });
  afterEach(async () => {
    await http.close();
    await smtp.close();
  });

  it('sends one test message per recipient on its channel; the webhook signature verifies', async () => {
    const at = new Date('2026-12-02T15:00:00Z');
    const res = await notifyTest({ config: testConfig(smtp.url({ user: 'ppm', pass: 'right' }), recipients(http)), now: () => at });
    expect(res.ok).toBe(true);
    expect(res.results.map((r) => [r.recipient, r.channel, r.delivered])).toEqual([
      ['ops@example.com', 'mail', true], ['webhook:ops', 'webhook', true], ['telegram:ops', 'telegram', true], ['discord:ops', 'discord', true]]);
    const host = http.baseUrl.replace('http://', '');
    expect(res.results.map((r) => r.target)).toEqual([`127.0.0.1:${smtp.port}`, host, host, host]);
    expect(res.results[0]!.response).toMatch(/^250/);
    expect(res.results[1]!.response).toBe('200 {"ok":true}');
    expect(res.results[3]!.response).toBe('204');
    // The receiver accepted the signature (it refuses a bad one with 401) and got one message per channel.
    expect(http.rejected).toEqual([]);
    expect(http.received.map((p) => p.route).sort()).toEqual(['discord', 'telegram', 'webhook']);
    const hook = http.received.find((p) => p.route === 'webhook')!.body;
    expect(hook).toMatchObject({ id: `test-${at.getTime()}`, kind: 'test', severity: 'info', subject: '[PPM] PPM test mail', createdAt: at.toISOString() });
    expect(http.received.find((p) => p.route === 'telegram')!.body).toMatchObject({ chat_id: '-1001', text: expect.stringContaining('PPM test mail') });
    expect(http.received.find((p) => p.route === 'discord')!.body['content']).toContain('PPM test mail');
    expect(smtp.received.map((m) => [m.subject, m.to])).toEqual([['[PPM] PPM test mail', ['ops@example.com']]]);
  }, 30_000);

  it('reports each failure with its reason and never prints a secret: bad signature, bad token, refused connection, SMTP 535', async () => {
    const discordUrl = `http://127.0.0.1:${await closedPort()}/api/webhooks/42/discord-token`;
    const list = recipients(http, { secret: 'not-the-secret', token: '999:wrong-token', discordUrl });
    const res = await notifyTest({ config: testConfig(smtp.url({ user: 'ppm', pass: 'wrong-pass' }), list) });
    expect(res.ok).toBe(false);
    expect(res.results.map((r) => [r.recipient, r.delivered])).toEqual([
      ['ops@example.com', false], ['webhook:ops', false], ['telegram:ops', false], ['discord:ops', false]]);
    const [mail, hook, tg, dc] = res.results;
    expect(mail!.error).toContain('535');
    expect([hook!.error, hook!.response]).toEqual(['HTTP 401 from webhook', '401 {"ok":false,"description":"bad signature"}']);
    expect(tg!.error).toBe('HTTP 401 from telegram');
    expect(dc!.error).toMatch(/^ECONNREFUSED: discord not reachable/);
    expect(http.rejected.sort()).toEqual(['telegram: bad bot token', 'webhook: bad signature']);
    const printed = JSON.stringify(res);
    for (const secret of ['not-the-secret', '999:wrong-token', 'discord-token', 'wrong-pass']) expect(printed).not.toContain(secret);
  }, 30_000);

  it('tests only the recipient or channel asked for; an unknown name sends nothing', async () => {
    const config = testConfig(smtp.url({ user: 'ppm', pass: 'right' }), recipients(http));
    const one = await notifyTest({ config }, { to: 'webhook:ops' });
    expect(one.results.map((r) => r.recipient)).toEqual(['webhook:ops']);
    const tg = await notifyTest({ config }, { channel: 'telegram' });
    expect(tg.results.map((r) => r.recipient)).toEqual(['telegram:ops']);
    const adHoc = await notifyTest({ config }, { to: 'me@example.com' });
    expect(adHoc.results.map((r) => [r.recipient, r.channel, r.delivered])).toEqual([['me@example.com', 'mail', true]]);
    const unknown = await notifyTest({ config }, { to: 'slack:ops' });
    expect(unknown).toMatchObject({ ok: false, results: [], error: expect.stringContaining('no recipient slack:ops') });
    expect(http.received.map((p) => p.route)).toEqual(['webhook', 'telegram']);
    expect(smtp.received.map((m) => m.to)).toEqual([['me@example.com']]);
  }, 30_000);
});
