import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { Rendered } from '../catalog/rendered';

/** What the SMTP server answered for an accepted mail. */
export interface SendResult {
  /** The server's final reply, e.g. "250 2.0.0 Ok: queued as 4XYZ". */
  readonly response: string;
  readonly messageId: string;
}

/** Sends rendered mails over one pooled SMTP transport. */
export interface Mailer {
  send(to: string, rendered: Rendered, messageId: string): Promise<SendResult>;
  close(): void;
}

/** Upper bound of one send's duration (connect + greeting + an idle socket), for the lease check in config. */
export const SEND_BUDGET_MS = 50_000;

/** Options for {@link createMailer}. */
export interface MailerOptions {
  /** nodemailer URL form, e.g. smtps://user:pass@host:465. Never logged. */
  readonly smtpUrl: string;
  readonly from: string;
  /** Pooled connections; a pool keeps sockets open so a replica sends many mails concurrently. */
  readonly connections: number;
}

/** The domain of the sender address, for Message-IDs. */
function fromDomain(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from);
  return m?.[1] ?? 'ppm.localhost';
}

/**
 * A stable Message-ID per (message, recipient): a duplicate sent in the crash window carries the same id, which
 * mail clients use to collapse duplicates.
 */
export function deliveryMessageId(from: string, key: string, recipient: string): string {
  const tag = createHash('sha256').update(recipient.toLowerCase()).digest('hex').slice(0, 12);
  return `<ppm.${key}.${tag}@${fromDomain(from)}>`;
}

/**
 * The mailer of a notifier without SMTP (no recipient gets mail): a send is a configuration error, never a
 * silent success. Config refuses mail recipients without PPM_SMTP_URL, so only a bug reaches it.
 */
export function noMailer(): Mailer {
  return {
    send: () => Promise.reject(new Error('mail is not configured: set PPM_SMTP_URL (or PPM_SMTP_URL_FILE) to mail recipients')),
    close() { /* nothing open */ },
  };
}

/** Creates a pooled nodemailer transport. */
export function createMailer(opts: MailerOptions): Mailer {
  const transport = createTransport({
    url: opts.smtpUrl,
    pool: true,
    maxConnections: opts.connections,
    // Our delivery table retries failed mails; a silent requeue inside nodemailer would add a second, unrecorded retry.
    maxRequeues: 0,
    // Bounds one send to about SEND_BUDGET_MS: the claim lease must outlast the sends queued ahead in the pool.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(to, rendered, messageId) {
      const info = await transport.sendMail({
        from: opts.from,
        to,
        subject: rendered.subject,
        text: rendered.text,
        ...(rendered.html ? { html: rendered.html } : {}),
        messageId,
      });
      return { response: String(info.response ?? ''), messageId: String(info.messageId ?? messageId) };
    },
    close() {
      transport.close();
    },
  };
}
