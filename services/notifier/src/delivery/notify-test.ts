import os from 'node:os';
import { renderMessage } from '../catalog/catalog';
import { smtpHost, type NotifierConfig } from '../config';
import { createMailer, deliveryMessageId } from './mailer';
import { classifySendError } from './smtp-errors';

/** The outcome of `ppm notify test`. */
export type NotifyTestResult =
  | { readonly ok: true; readonly to: string[]; readonly smtpHost: string; readonly response: string; readonly messageId: string }
  | { readonly ok: false; readonly to: string[]; readonly smtpHost: string; readonly error: string; readonly response: string | null };

/**
 * Sends a test mail straight to `to` (default: every configured mail recipient), bypassing the outbox, quiet hours and
 * rate limits, and returns the server's answer or a clear error (never throws for an SMTP failure).
 */
export async function notifyTest(
  deps: { readonly config: NotifierConfig; readonly now?: () => Date },
  opts: { readonly to?: string | undefined } = {},
): Promise<NotifyTestResult> {
  // Mail recipients only: webhook / Telegram / Discord keys are not addresses (their test send is not built yet).
  const to = opts.to ? [opts.to] : deps.config.recipients.filter((r) => (r.channel?.kind ?? 'mail') === 'mail').map((r) => r.address);
  const host = smtpHost(deps.config.smtpUrl);
  if (to.length === 0) return { ok: false, to, smtpHost: host, error: 'no recipient: pass --to or configure PPM_MAIL_TO', response: null };
  const now = (deps.now ?? (() => new Date()))();
  const mailer = createMailer({ smtpUrl: deps.config.smtpUrl, from: deps.config.mailFrom, connections: 1 });
  try {
    const rendered = renderMessage('test', { requestedBy: os.hostname(), note: `sent ${now.toISOString()}` }, 'info');
    const res = await mailer.send(to.join(', '), rendered, deliveryMessageId(deps.config.mailFrom, `test-${now.getTime()}`, to.join(',')));
    return { ok: true, to, smtpHost: host, response: res.response, messageId: res.messageId };
  } catch (err) {
    const f = classifySendError(err);
    return { ok: false, to, smtpHost: host, error: f.error, response: f.response };
  } finally {
    mailer.close();
  }
}
