import { createHmac } from 'node:crypto';
import type { Channel, ChannelMessage } from './channel';
import { postJson } from './http-post';

/** The signature header value for `timestamp` (unix seconds) and the raw body: sha256=<hex HMAC-SHA256>. */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** The JSON body a webhook receives. */
export function webhookBody(m: ChannelMessage): string {
  return JSON.stringify({
    id: m.id, kind: m.kind, severity: m.severity, subject: m.rendered.subject, text: m.rendered.text, createdAt: m.createdAt.toISOString(),
  });
}

/**
 * The webhook channel: JSON POST signed with X-PPM-Timestamp and X-PPM-Signature (see the notifier README). The
 * timestamp is the wall clock at sending (receivers compare it with theirs), not the scheduling clock.
 */
export function webhookChannel(url: string, secret: string, now: () => number = Date.now): Channel {
  return {
    async send(m) {
      const body = webhookBody(m);
      const timestamp = String(Math.floor(now() / 1000));
      const out = await postJson(url, body, { 'X-PPM-Timestamp': timestamp, 'X-PPM-Signature': webhookSignature(secret, timestamp, body) }, 'webhook');
      return out.ok ? { ...out, messageId: m.id } : out;
    },
  };
}
