import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@ppm/runtime';
import { parseRecipients } from './recipients-file';

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseRecipients(text, 'PPM_RECIPIENTS_FILE', env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('recipients file channels', () => {
  it('parses every channel, reading secrets from env and file, keyed "<channel>:<name>"', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-recipients-'));
    const tokenFile = path.join(dir, 'tg-token');
    fs.writeFileSync(tokenFile, '123:abc\n');
    const r = parseRecipients(JSON.stringify([
      { address: 'ops@example.com' },
      { channel: 'webhook', name: 'ops-hook', url: 'https://hooks.example/ppm', secretEnv: 'HOOK_SECRET', severities: ['critical'], quietHours: { start: '22:00', end: '07:00' } },
      { channel: 'telegram', name: 'ops-chat', chatId: -1001234, tokenFile },
      { channel: 'discord', name: 'ops-room', webhookUrlEnv: 'DISCORD_URL', blockMails: 'each' },
    ]), 'PPM_RECIPIENTS_FILE', { HOOK_SECRET: 's3cret', DISCORD_URL: 'https://discord.example/api/webhooks/1/t' });
    expect(r.map((x) => x.address)).toEqual(['ops@example.com', 'webhook:ops-hook', 'telegram:ops-chat', 'discord:ops-room']);
    expect(r[0]!.channel).toEqual({ kind: 'mail' });
    expect(r[1]).toMatchObject({ channel: { kind: 'webhook', url: 'https://hooks.example/ppm', secret: 's3cret' }, severities: ['critical'], quietHours: { start: '22:00', end: '07:00' } });
    expect(r[2]!.channel).toEqual({ kind: 'telegram', apiBaseUrl: 'https://api.telegram.org', token: '123:abc', chatId: '-1001234' });
    expect(r[3]).toMatchObject({ channel: { kind: 'discord', webhookUrl: 'https://discord.example/api/webhooks/1/t' }, blockMails: 'each' });
  });

  it('lists every channel problem at once', () => {
    const problems = problemsOf(JSON.stringify([
      { channel: 'webhook', url: 'ftp://x', secret: 'inline' },
      { channel: 'telegram', name: 'a', tokenEnv: 'T', tokenFile: '/x', address: 'a@b.co' },
      { channel: 'discord', name: 'a' },
      { channel: 'pager', name: 'b' },
      { channel: 'webhook', name: 'dup', url: 'https://a.example', secretEnv: 'S' },
      { channel: 'webhook', name: 'dup', url: 'https://b.example', secretEnv: 'S' },
    ]));
    expect(problems).toEqual(expect.arrayContaining([
      'PPM_RECIPIENTS_FILE[0.url]: must be an http(s) URL',
      expect.stringMatching(/^PPM_RECIPIENTS_FILE\[0\]: .*secret/),
      'PPM_RECIPIENTS_FILE[0.name]: required for channel webhook',
      'PPM_RECIPIENTS_FILE[1.chatId]: required for channel telegram',
      'PPM_RECIPIENTS_FILE[1.address]: not a field of channel telegram',
      expect.stringMatching(/^PPM_RECIPIENTS_FILE\[1\.tokenFile\]: channel telegram needs exactly one of tokenFile or tokenEnv/),
      expect.stringMatching(/^PPM_RECIPIENTS_FILE\[2\.webhookUrlFile\]: channel discord needs exactly one of/),
      expect.stringMatching(/^PPM_RECIPIENTS_FILE\[3\.channel\]: must be "mail", "webhook", "telegram" or "discord"/),
      'PPM_RECIPIENTS_FILE[5.name]: duplicate recipient webhook:dup',
    ]));
  });

  it('names a missing secret without its value', () => {
    expect(problemsOf(JSON.stringify([
      { channel: 'webhook', name: 'h', url: 'https://h.example', secretEnv: 'UNSET_SECRET' },
      { channel: 'telegram', name: 't', chatId: '1', tokenFile: '/nonexistent/token' },
    ]))).toEqual([
      'PPM_RECIPIENTS_FILE[0].secret: env UNSET_SECRET is empty or unset',
      'PPM_RECIPIENTS_FILE[1].token: cannot read /nonexistent/token (ENOENT)',
    ]);
  });
});
