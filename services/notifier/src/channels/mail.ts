import { deliveryMessageId, type Mailer } from '../delivery/mailer';
import { classifySendError } from '../delivery/smtp-errors';
import type { Channel } from './channel';

/** The mail channel: the pooled SMTP mailer, with a stable Message-ID per (message, recipient). */
export function mailChannel(mailer: Mailer, from: string, to: string): Channel {
  return {
    async send(m) {
      try {
        const sent = await mailer.send(to, m.rendered, deliveryMessageId(from, m.id, to));
        return { ok: true, ...sent };
      } catch (err) {
        const f = classifySendError(err);
        return { ok: false, retryable: f.state === 'retry', code: f.code, error: f.error, response: f.response };
      }
    },
  };
}
