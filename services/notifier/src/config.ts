import fs from 'node:fs';
import { notifierEnv, processEnv, queueEnv, storageEnv, chainEnv, loadConfig } from '@ppm/config';
import { ConfigError } from '@ppm/runtime';
import { SEND_BUDGET_MS } from './delivery/mailer';
import { readRecipientsFile } from './recipients/recipients-file';
import { simpleRecipients, type Recipient } from './recipients/recipient';

/** Timings and sizes; defaults suit production, tests shorten them. */
export interface NotifierTuning {
  /** Concurrent `notify` jobs per replica (more than smtpConnections overlaps the DB work with the sends). */
  readonly concurrency: number;
  /** Pooled SMTP connections per replica, and as many send slots (a claim is taken only inside a slot). */
  readonly smtpConnections: number;
  /**
   * A 'sending' claim older than this may be retaken by another replica (its owner is presumed dead). A claim is
   * taken only inside a send slot, so a live replica holds one for one send (at most SEND_BUDGET_MS) plus two
   * queries; the lease must exceed that (see {@link leaseProblem}).
   */
  readonly leaseMs: number;
  /** Retry backoff: base * 2^(attempts-1), capped at max. Retries never stop for temporary failures. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How often each replica moves unrelayed outbox rows to the queue. */
  readonly relayIntervalMs: number;
  /** How often each replica looks for due retries and stale claims. */
  readonly sweepIntervalMs: number;
  /** How often the digest check runs (job scheduler, one replica per tick); undefined disables it (tests call it). */
  readonly digestCheckMs: number | undefined;
  /** Cron patterns (UTC) of the status producers; undefined disables one. */
  readonly hourlyCron: string | undefined;
  readonly dailyCron: string | undefined;
}

/** The notifier's configuration, parsed once at start-up. */
export interface NotifierConfig {
  /**
   * nodemailer connection URL (smtp://, smtps://). Holds the password: never log it; log {@link smtpHost}.
   * Undefined when no recipient gets mail (webhook, Telegram and Discord recipients only).
   */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly recipients: readonly Recipient[];
  readonly tuning: NotifierTuning;
}

/** Production defaults. */
export const DEFAULT_TUNING: NotifierTuning = {
  concurrency: 20,
  smtpConnections: 5,
  leaseMs: 120_000,
  retryBaseMs: 5_000,
  retryMaxMs: 15 * 60_000,
  relayIntervalMs: 1_000,
  sweepIntervalMs: 5_000,
  digestCheckMs: 60_000,
  hourlyCron: '0 * * * *',
  dailyCron: '0 0 * * *',
};

/** Why `t.leaseMs` is too short for one send (a live replica could lose its claim and both would send), or null. */
export function leaseProblem(t: NotifierTuning): string | null {
  const minMs = 2 * SEND_BUDGET_MS;
  return t.leaseMs >= minMs ? null : `leaseMs ${t.leaseMs} is below ${minMs} (twice one send's time bound): a slow SMTP server could cause duplicates`;
}

/** Host (and port) of an SMTP URL, the only part of it that may be logged. */
export function smtpHost(url: string): string {
  try {
    const u = new URL(url);
    return u.port ? `${u.hostname}:${u.port}` : u.hostname;
  } catch {
    return '(unparsable SMTP URL)';
  }
}

/** Builds the notifier config from the notifier's env values (recipients file read and validated here). */
export function notifierConfigFrom(env: {
  PPM_SMTP_URL?: string | undefined;
  PPM_SMTP_URL_FILE?: string | undefined;
  PPM_MAIL_FROM: string;
  PPM_MAIL_TO?: string | undefined;
  PPM_RECIPIENTS_FILE?: string | undefined;
}, tuning: Partial<NotifierTuning> = {}): NotifierConfig {
  const problems: string[] = [];
  let smtpUrl = env.PPM_SMTP_URL;
  if (!smtpUrl && env.PPM_SMTP_URL_FILE) {
    try {
      smtpUrl = fs.readFileSync(env.PPM_SMTP_URL_FILE, 'utf8').trim();
    } catch (err) {
      problems.push(`PPM_SMTP_URL_FILE: cannot read ${env.PPM_SMTP_URL_FILE} (${(err as Error).message})`);
    }
  }
  const readSmtp = problems.length === 0;
  if (smtpUrl && !/^smtps?:\/\/[^/]/i.test(smtpUrl)) problems.push('PPM_SMTP_URL: must be an smtp:// or smtps:// URL');
  let recipients: Recipient[] = [];
  if (env.PPM_RECIPIENTS_FILE) {
    try {
      recipients = readRecipientsFile(env.PPM_RECIPIENTS_FILE);
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
    }
  } else if (env.PPM_MAIL_TO) {
    recipients = simpleRecipients(env.PPM_MAIL_TO);
  }
  if (!env.PPM_RECIPIENTS_FILE && recipients.length === 0) problems.push('PPM_MAIL_TO: required (comma-separated addresses) unless PPM_RECIPIENTS_FILE is set');
  // Mail needs an SMTP server; webhook, Telegram and Discord recipients alone do not.
  const mailTo = recipients.filter((r) => !r.channel || r.channel.kind === 'mail').map((r) => r.address);
  if (!smtpUrl && readSmtp && (mailTo.length > 0 || (!env.PPM_RECIPIENTS_FILE && !env.PPM_MAIL_TO))) {
    problems.push(`PPM_SMTP_URL: required (or PPM_SMTP_URL_FILE) to mail ${mailTo.length > 0 ? mailTo.join(', ') : 'the recipients'}, e.g. smtps://user:pass@host:465`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { smtpUrl: smtpUrl || undefined, mailFrom: env.PPM_MAIL_FROM, recipients, tuning: { ...DEFAULT_TUNING, ...tuning } };
}

/** Every env fragment the notifier process reads. */
export const notifierProcessEnv = { ...notifierEnv, ...storageEnv, ...queueEnv, ...processEnv };

/** The notifier process config: env parsed once, recipients validated, every problem listed. */
export function loadNotifierProcessConfig(env: Record<string, string | undefined> = process.env) {
  const base = loadConfig(notifierProcessEnv, env);
  // The node is optional: without QTUM_RPC_URL the hourly status is not produced.
  const chain = env.QTUM_RPC_URL ? loadConfig({ QTUM_RPC_URL: chainEnv.QTUM_RPC_URL, PPM_QTUM_WALLET: chainEnv.PPM_QTUM_WALLET }, env) : undefined;
  return { env: base, chain, notifier: notifierConfigFrom(base) };
}
