import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { PPM_MAIN, runPpm } from '../test/run-ppm';

// `ppm notify test` as an operator runs it: a recipients file with one recipient per channel, every receiver a
// real server on 127.0.0.1 (Telegram through the file's apiBaseUrl, Discord through its webhook URL). The webhook
// receiver checks the HMAC-SHA256 signature over "<timestamp>.<raw body>" as the README tells receivers to.
const SECRET = 'cli-webhook-secret';
const TOKEN = '4242:cli-bot-token';
const DISCORD_PATH = '/api/webhooks/7/cli-discord-token';

interface Hit { route: string; body: Record<string, unknown> }

function signatureOk(req: http.IncomingMessage, raw: string): boolean {
  const ts = req.headers['x-ppm-timestamp'];
  const sig = req.headers['x-ppm-signature'];
  if (typeof ts !== 'string' || typeof sig !== 'string' || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const want = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${ts}.${raw}`).digest('hex')}`);
  return want.length === Buffer.byteLength(sig) && timingSafeEqual(want, Buffer.from(sig));
}

/** One HTTP server playing the three receivers; refuses bad signatures and tokens with 401. */
async function startReceivers(): Promise<{ url: string; hits: Hit[]; refused: string[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const refused: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => {
      const route = req.url === '/hook' ? 'webhook' : req.url?.endsWith('/sendMessage') ? 'telegram' : req.url?.startsWith('/api/webhooks/') ? 'discord' : 'unknown';
      const ok = route === 'webhook' ? signatureOk(req, raw) : route === 'telegram' ? req.url === `/bot${TOKEN}/sendMessage` : req.url === DISCORD_PATH;
      if (!ok) {
        refused.push(route);
        return res.writeHead(401, { 'content-type': 'application/json' }).end('{"ok":false}');
      }
      hits.push({ route, body: JSON.parse(raw) as Record<string, unknown> });
      if (route === 'discord') return res.writeHead(204).end();
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, refused, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe('ppm notify test on every channel', () => {
  let dir: string;
  let receivers: Awaited<ReturnType<typeof startReceivers>>;
  let smtp: SMTPServer;
  let smtpPort: number;
  const mails: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(PPM_MAIN)) throw new Error(`${PPM_MAIN} is missing: run \`npm run build\` first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-notify-'));
    receivers = await startReceivers();
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
      onRcptTo(addr, _s, cb) { mails.push(addr.address); cb(); },
      onData(stream, _s, cb) { stream.resume(); stream.on('end', () => cb()); },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    smtpPort = (smtp.server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await receivers.close();
    await new Promise<void>((r) => smtp.close(() => r()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const envFor = (o: { secret?: string; discordUrl?: string } = {}): Record<string, string> => {
    const file = path.join(dir, `recipients-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify([
      { address: 'ops@example.com' },
      { channel: 'webhook', name: 'ops', url: `${receivers.url}/hook`, secretEnv: 'HOOK_SECRET' },
      { channel: 'telegram', name: 'ops', chatId: -1001, apiBaseUrl: receivers.url, tokenEnv: 'TG_TOKEN' },
      { channel: 'discord', name: 'ops', webhookUrlEnv: 'DISCORD_URL' },
    ]));
    return {
      PPM_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, PPM_RECIPIENTS_FILE: file, PPM_LOG_LEVEL: 'warn',
      HOOK_SECRET: o.secret ?? SECRET, TG_TOKEN: TOKEN, DISCORD_URL: o.discordUrl ?? `${receivers.url}${DISCORD_PATH}`,
    };
  };

  it('delivers one test message per recipient, each answer shown; --json lists them; exit 0', async () => {
    const run = await runPpm(['notify', 'test'], envFor());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^delivered  ops@example\\.com \\(mail via 127\\.0\\.0\\.1:${smtpPort}\\): 250`));
    expect(lines.slice(1).map((l) => l.split(' (')[0])).toEqual(['delivered  webhook:ops', 'delivered  telegram:ops', 'delivered  discord:ops']);
    expect(receivers.refused).toEqual([]);
    expect(receivers.hits.map((h) => h.route)).toEqual(expect.arrayContaining(['webhook', 'telegram', 'discord']));
    expect(receivers.hits.find((h) => h.route === 'webhook')!.body).toMatchObject({ kind: 'test', subject: '[PPM] PPM test mail' });
    expect(receivers.hits.find((h) => h.route === 'telegram')!.body['chat_id']).toBe('-1001');
    expect(mails).toEqual(['ops@example.com']);
    const json = await runPpm(['notify', 'test', '--channel', 'webhook', '--json'], envFor());
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: true, results: [{ recipient: 'webhook:ops', channel: 'webhook', target: receivers.url.slice(7), delivered: true, response: '200 {"ok":true}' }],
    });
  }, 60_000);

  it('without SMTP: webhook, Telegram and Discord recipients alone are tested; a mail recipient is refused, named', async () => {
    const file = path.join(dir, 'recipients-no-mail.json');
    fs.writeFileSync(file, JSON.stringify([
      { channel: 'webhook', name: 'ops', url: `${receivers.url}/hook`, secretEnv: 'HOOK_SECRET' },
      { channel: 'discord', name: 'ops', webhookUrlEnv: 'DISCORD_URL' },
    ]));
    const env = { PPM_RECIPIENTS_FILE: file, PPM_LOG_LEVEL: 'warn', HOOK_SECRET: SECRET, DISCORD_URL: `${receivers.url}${DISCORD_PATH}` };
    const run = await runPpm(['notify', 'test'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').map((l) => l.split(' (')[0])).toEqual(['delivered  webhook:ops', 'delivered  discord:ops']);
    // --to an e-mail address without SMTP: a clear failure, not a crash.
    const mail = await runPpm(['notify', 'test', '--to', 'someone@example.com'], env);
    expect(mail.code).toBe(1);
    expect(mail.stdout).toMatch(/^FAILED {5}someone@example\.com \(mail via \(no PPM_SMTP_URL\)\): .*mail is not configured: set PPM_SMTP_URL/m);
    // A mail recipient in the file without SMTP: the configuration error names it.
    fs.writeFileSync(file, JSON.stringify([{ address: 'ops@example.com' }]));
    const refused = await runPpm(['notify', 'test'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('PPM_SMTP_URL: required (or PPM_SMTP_URL_FILE) to mail ops@example.com');
  }, 60_000);

  it('exits 1 naming each failed channel and its reason (bad signature, refused connection); secrets never printed', async () => {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const closed = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    const run = await runPpm(['notify', 'test'], envFor({ secret: 'wrong-secret', discordUrl: `http://127.0.0.1:${closed}${DISCORD_PATH}` }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^delivered {2}ops@example\.com/m);
    expect(run.stdout).toMatch(/^delivered {2}telegram:ops/m);
    expect(run.stdout).toMatch(/^FAILED {5}webhook:ops \(webhook via 127\.0\.0\.1:\d+\): HTTP 401 from webhook \[401 \{"ok":false\}\]$/m);
    expect(run.stdout).toMatch(/^FAILED {5}discord:ops \(discord via 127\.0\.0\.1:\d+\): ECONNREFUSED: discord not reachable/m);
    expect(run.stderr).toMatch(/2 of 4 test message\(s\) failed: webhook:ops: HTTP 401 from webhook; discord:ops: ECONNREFUSED/);
    for (const secret of ['wrong-secret', 'cli-discord-token', TOKEN]) expect(run.stdout + run.stderr).not.toContain(secret);
    const unknown = await runPpm(['notify', 'test', '--to', 'slack:ops'], envFor());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no recipient slack:ops');
    const bad = await runPpm(['notify', 'test', '--channel', 'sms'], envFor());
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('must be one of mail, webhook, telegram, discord');
  }, 60_000);
});
