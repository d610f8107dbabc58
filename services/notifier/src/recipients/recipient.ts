import type { Severity } from '@ppm/ledger';

/** Local wall-clock quiet period, "HH:MM" each; start > end wraps midnight (22:00-07:00). */
export interface QuietHours {
  readonly start: string;
  readonly end: string;
}

/**
 * How a recipient gets pool-block and self-block messages: `hourly` (default) as one digest per hour, `each` as one
 * mail per block. Warnings and critical alerts are always sent at once (quiet hours and rate limit aside).
 */
export type BlockMails = 'hourly' | 'each';

/**
 * Where a recipient's messages go, secrets already read from their file or env (never from the recipients file,
 * never logged). Absent on a recipient: mail.
 */
export type ChannelConfig =
  | { readonly kind: 'mail' }
  | { readonly kind: 'webhook'; readonly url: string; readonly secret: string }
  | { readonly kind: 'telegram'; readonly apiBaseUrl: string; readonly token: string; readonly chatId: string }
  | { readonly kind: 'discord'; readonly webhookUrl: string };

/** One recipient (mail, webhook, Telegram or Discord) with its delivery preferences. */
export interface Recipient {
  /** The delivery key: the e-mail address for mail, "<channel>:<name>" for the other channels. */
  readonly address: string;
  /** Default mail (to `address`). */
  readonly channel?: ChannelConfig | undefined;
  /** Severities this recipient receives. */
  readonly severities: readonly Severity[];
  /** IANA time zone the quiet hours are written in (DST follows the zone). */
  readonly timeZone: string;
  readonly quietHours?: QuietHours | undefined;
  /** Critical messages are sent during quiet hours (default true). */
  readonly criticalBypassesQuiet: boolean;
  /** Mails per rolling hour (a digest counts as one); the excess is held for the next digest. */
  readonly maxPerHour?: number | undefined;
  /** Block messages one per hour in a digest (default), or each one at once. */
  readonly blockMails: BlockMails;
}

/** Recipients of PPM_MAIL_TO: every severity, no quiet hours, no rate limit, block messages in the hourly digest. */
export function simpleRecipients(list: string): Recipient[] {
  return list
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a.length > 0)
    .map((address) => ({ address, severities: ['info', 'warning', 'critical'], timeZone: 'UTC', criticalBypassesQuiet: true, blockMails: 'hourly' }));
}
