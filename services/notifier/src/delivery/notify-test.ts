import os from 'node:os';
import { renderMessage } from '../catalog/catalog';
import type { Channel, ChannelMessage } from '../channels/channel';
import { discordChannel } from '../channels/discord';
import { mailChannel } from '../channels/mail';
import { telegramChannel } from '../channels/telegram';
import { webhookChannel } from '../channels/webhook';
import { smtpHost, type NotifierConfig } from '../config';
import { simpleRecipients, type ChannelConfig, type Recipient } from '../recipients/recipient';
import { createMailer, noMailer, type Mailer } from './mailer';

/** A channel kind, as the recipients file names it. */
export type ChannelKind = ChannelConfig['kind'];

/** Every channel kind (for `ppm notify test --channel`). */
export const CHANNEL_KINDS: readonly ChannelKind[] = ['mail', 'webhook', 'telegram', 'discord'];

/** The outcome of one test send to one recipient. */
export interface ChannelTestResult {
  /** The delivery key: the e-mail address, or "<channel>:<name>". */
  readonly recipient: string;
  readonly channel: ChannelKind;
  /** Where it went, safe to print: the SMTP host, or the receiver's host (URLs of Telegram and Discord hold tokens). */
  readonly target: string;
  readonly delivered: boolean;
  /** The receiver's answer (SMTP reply, HTTP status and body excerpt), when there was one. */
  readonly response: string | null;
  /** Why it failed (absent when delivered). */
  readonly error?: string;
}

/** The outcome of `ppm notify test`: `ok` when every selected recipient got its test message. */
export interface NotifyTestResult {
  readonly ok: boolean;
  readonly results: readonly ChannelTestResult[];
  /** Set when nothing was sent because no recipient matched. */
  readonly error?: string;
}

/** Which recipients to test: one by delivery key (or any e-mail address), and/or one channel kind. */
export interface NotifyTestSelection {
  readonly to?: string | undefined;
  readonly channel?: ChannelKind | undefined;
}

const kindOf = (r: Recipient): ChannelKind => r.channel?.kind ?? 'mail';

/** Host (and port) of a URL; never its path or query, where Telegram and Discord keep their tokens. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(unparsable URL)';
  }
}

function targetOf(r: Recipient, smtpUrl: string | undefined): string {
  const c = r.channel ?? { kind: 'mail' };
  switch (c.kind) {
    case 'mail': return smtpUrl ? smtpHost(smtpUrl) : '(no PPM_SMTP_URL)';
    case 'webhook': return hostOf(c.url);
    case 'telegram': return hostOf(c.apiBaseUrl);
    case 'discord': return hostOf(c.webhookUrl);
  }
}

/** The recipients a selection names, or why none. `--to` may name a configured recipient or any e-mail address. */
export function selectRecipients(all: readonly Recipient[], sel: NotifyTestSelection): Recipient[] | string {
  let list: Recipient[] = [...all];
  if (sel.to !== undefined) {
    const named = all.find((r) => r.address.toLowerCase() === sel.to!.toLowerCase());
    if (named) list = [named];
    else if (sel.to.includes('@') && !sel.to.includes(':')) list = simpleRecipients(sel.to);
    else return `no recipient ${sel.to}: configured are ${all.map((r) => r.address).join(', ') || '(none)'}`;
  }
  if (sel.channel !== undefined) list = list.filter((r) => kindOf(r) === sel.channel);
  if (list.length === 0) {
    return sel.channel !== undefined
      ? `no ${sel.channel} recipient configured (PPM_RECIPIENTS_FILE)`
      : 'no recipient: pass --to or configure PPM_MAIL_TO / PPM_RECIPIENTS_FILE';
  }
  return list;
}

/**
 * Sends one test message to each selected recipient (default: every configured one) on its own channel, straight,
 * bypassing the outbox, quiet hours and rate limits, and returns each receiver's answer or why it failed (never
 * throws for a failed send). The sends use the delivery code itself (webhook signature, Telegram, Discord, mail).
 */
export async function notifyTest(
  deps: { readonly config: NotifierConfig; readonly now?: () => Date },
  sel: NotifyTestSelection = {},
): Promise<NotifyTestResult> {
  const recipients = selectRecipients(deps.config.recipients, sel);
  if (typeof recipients === 'string') return { ok: false, results: [], error: recipients };
  const now = (deps.now ?? (() => new Date()))();
  const message: ChannelMessage = {
    id: `test-${now.getTime()}`,
    kind: 'test',
    severity: 'info',
    createdAt: now,
    rendered: renderMessage('test', { requestedBy: os.hostname(), note: `sent ${now.toISOString()}` }, 'info'),
  };
  // One SMTP connection, opened only if a mail recipient is tested.
  let mailer: Mailer | undefined;
  const channelOf = (r: Recipient): Channel => {
    const c = r.channel ?? { kind: 'mail' };
    switch (c.kind) {
      case 'mail': {
        const url = deps.config.smtpUrl;
        mailer ??= url ? createMailer({ smtpUrl: url, from: deps.config.mailFrom, connections: 1 }) : noMailer();
        return mailChannel(mailer, deps.config.mailFrom, r.address);
      }
      case 'webhook': return webhookChannel(c.url, c.secret);
      case 'telegram': return telegramChannel(c.apiBaseUrl, c.token, c.chatId);
      case 'discord': return discordChannel(c.webhookUrl);
    }
  };
  try {
    const results = await Promise.all(recipients.map(async (r): Promise<ChannelTestResult> => {
      const base = { recipient: r.address, channel: kindOf(r), target: targetOf(r, deps.config.smtpUrl) };
      const out = await channelOf(r).send(message);
      return out.ok ? { ...base, delivered: true, response: out.response } : { ...base, delivered: false, response: out.response, error: out.error };
    }));
    return { ok: results.every((r) => r.delivered), results };
  } finally {
    mailer?.close();
  }
}
