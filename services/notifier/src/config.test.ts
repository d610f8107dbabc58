import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@ppm/runtime';
import { notifierConfigFrom } from './config';

const FROM = 'PPM <ppm@pool.example>';

function recipientsFile(entries: unknown[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-notifier-config-')), 'recipients.json');
  fs.writeFileSync(file, JSON.stringify(entries));
  return file;
}

function problems(env: Parameters<typeof notifierConfigFrom>[0]): string[] {
  try {
    notifierConfigFrom(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('notifier config: SMTP only where mail is sent', () => {
  const hook = { channel: 'discord', name: 'ops-room', webhookUrlEnv: 'PPM_TEST_DISCORD_URL' };
  beforeAll(() => { process.env.PPM_TEST_DISCORD_URL = 'https://discord.example/api/webhooks/1/t'; });
  afterAll(() => { delete process.env.PPM_TEST_DISCORD_URL; });

  it('webhook, Telegram or Discord recipients alone need no SMTP server', () => {
    const c = notifierConfigFrom({ PPM_MAIL_FROM: FROM, PPM_RECIPIENTS_FILE: recipientsFile([hook]) });
    expect(c.smtpUrl).toBeUndefined();
    expect(c.recipients.map((r) => r.address)).toEqual(['discord:ops-room']);
  });

  it('a mail recipient without SMTP is refused, naming it; PPM_MAIL_TO alone too', () => {
    expect(problems({ PPM_MAIL_FROM: FROM, PPM_RECIPIENTS_FILE: recipientsFile([hook, { address: 'ops@pool.example' }]) }))
      .toEqual([expect.stringMatching(/^PPM_SMTP_URL: required \(or PPM_SMTP_URL_FILE\) to mail ops@pool\.example, e\.g\. smtps:/)]);
    expect(problems({ PPM_MAIL_FROM: FROM, PPM_MAIL_TO: 'a@pool.example,b@pool.example' }))
      .toEqual([expect.stringMatching(/^PPM_SMTP_URL: required .* to mail a@pool\.example, b@pool\.example/)]);
    // Nothing configured at all: both problems at once.
    expect(problems({ PPM_MAIL_FROM: FROM })).toEqual([
      expect.stringMatching(/^PPM_MAIL_TO: required/),
      expect.stringMatching(/^PPM_SMTP_URL: required .* to mail the recipients/),
    ]);
  });

  it('with SMTP, mail recipients are kept and a bad URL is named', () => {
    expect(notifierConfigFrom({ PPM_MAIL_FROM: FROM, PPM_SMTP_URL: 'smtp://127.0.0.1:2525', PPM_MAIL_TO: 'ops@pool.example' }).smtpUrl).toBe('smtp://127.0.0.1:2525');
    expect(problems({ PPM_MAIL_FROM: FROM, PPM_SMTP_URL: 'http://x', PPM_MAIL_TO: 'ops@pool.example' })).toEqual(['PPM_SMTP_URL: must be an smtp:// or smtps:// URL']);
  });
});
