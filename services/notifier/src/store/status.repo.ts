import type { Queryable } from '@ppm/ledger';
import { isOutboxKind, renderMessage, severityOf } from '../catalog/catalog';

/** Delivery states. */
export type DeliveryState = 'pending' | 'retry' | 'sending' | 'sent' | 'held' | 'failed';

/** `ppm status`: what the notifier is doing and the last thing that went wrong. */
export interface NotifierStatus {
  /** Deliveries per state (every state present, 0 when none). */
  readonly deliveries: Readonly<Record<DeliveryState, number>>;
  /** Outbox rows not yet moved to the queue. */
  readonly unrelayed: number;
  /** Oldest delivery still waiting (pending/retry/held), ISO time, or null. */
  readonly oldestWaitingSince: string | null;
  readonly lastError: { readonly messageId: string; readonly recipient: string; readonly error: string; readonly at: string } | null;
  readonly lastSentAt: string | null;
}

const STATES: DeliveryState[] = ['pending', 'retry', 'sending', 'sent', 'held', 'failed'];
const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);

/** Counts by state and the last error, for `ppm status`. */
export async function notifierStatus(db: Queryable): Promise<NotifierStatus> {
  const counts = await db.query<{ state: DeliveryState; n: string }>(
    'SELECT state, count(*)::text AS n FROM notification_deliveries GROUP BY state');
  const deliveries = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  for (const row of counts.rows) deliveries[row.state] = Number(row.n);
  const unrelayed = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM outbox WHERE relayed_at IS NULL');
  const oldest = await db.query<{ t: Date | null }>(
    `SELECT min(created_at) AS t FROM notification_deliveries WHERE state IN ('pending', 'retry', 'held')`);
  const last = await db.query<{ message_id: string; recipient: string; last_error: string; updated_at: Date }>(
    `SELECT message_id, recipient, last_error, updated_at FROM notification_deliveries
      WHERE last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 1`);
  const sent = await db.query<{ t: Date | null }>(`SELECT max(sent_at) AS t FROM notification_deliveries WHERE state = 'sent'`);
  const l = last.rows[0];
  return {
    deliveries,
    unrelayed: Number(unrelayed.rows[0]?.n ?? 0),
    oldestWaitingSince: iso(oldest.rows[0]?.t),
    lastError: l ? { messageId: l.message_id, recipient: l.recipient, error: l.last_error, at: iso(l.updated_at)! } : null,
    lastSentAt: iso(sent.rows[0]?.t),
  };
}

/** One delivery of a listed message. */
export interface DeliveryView {
  readonly recipient: string;
  readonly state: DeliveryState;
  readonly heldReason: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly smtpResponse: string | null;
  readonly sentAt: string | null;
  readonly digestId: string | null;
}

/** A message with its deliveries, for `ppm notify list --json`. */
export interface NotificationView {
  readonly id: string;
  readonly kind: string;
  readonly severity: string;
  readonly createdAt: string;
  readonly relayedAt: string | null;
  /** The rendered subject, or null when the payload cannot be rendered. */
  readonly subject: string | null;
  readonly deliveries: DeliveryView[];
}

/** Recent messages (newest first) with their delivery state per recipient. */
export async function listNotifications(db: Queryable, opts: { limit: number }): Promise<NotificationView[]> {
  const limit = Math.max(1, Math.min(1_000, Math.floor(opts.limit)));
  const msgs = await db.query<{ id: string; kind: string; severity: string; payload: unknown; created_at: Date; relayed_at: Date | null }>(
    'SELECT id, kind, severity, payload, created_at, relayed_at FROM outbox ORDER BY id DESC LIMIT $1', [limit]);
  if (msgs.rows.length === 0) return [];
  const ids = msgs.rows.map((m) => m.id);
  const dels = await db.query<{
    message_id: string; recipient: string; state: DeliveryState; held_reason: string | null; attempts: number;
    last_error: string | null; smtp_response: string | null; sent_at: Date | null; digest_id: string | null;
  }>(
    `SELECT message_id, recipient, state, held_reason, attempts, last_error, smtp_response, sent_at, digest_id
       FROM notification_deliveries WHERE message_id = ANY($1::bigint[]) ORDER BY recipient`, [ids]);
  return msgs.rows.map((m) => {
    let subject: string | null = null;
    try {
      if (isOutboxKind(m.kind)) subject = renderMessage(m.kind, m.payload, severityOf(m.kind, m.severity)).subject;
    } catch {
      subject = null; // listed as unrenderable; its deliveries say failed with the reason
    }
    return {
      id: m.id, kind: m.kind, severity: m.severity, createdAt: iso(m.created_at)!, relayedAt: iso(m.relayed_at), subject,
      deliveries: dels.rows.filter((d) => d.message_id === m.id).map((d) => ({
        recipient: d.recipient, state: d.state, heldReason: d.held_reason, attempts: d.attempts, lastError: d.last_error,
        smtpResponse: d.smtp_response, sentAt: iso(d.sent_at), digestId: d.digest_id,
      })),
    };
  });
}
