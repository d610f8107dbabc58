import type { Queryable } from '@ppm/ledger';
import type { HeldReason } from '../recipients/delivery-policy';

/** An outbox message as the notifier reads it. */
export interface OutboxRow {
  readonly id: string;
  readonly kind: string;
  readonly severity: string;
  readonly payload: unknown;
  readonly createdAt: Date;
}

/** Primary key of a delivery. */
export interface DeliveryKey {
  readonly messageId: string;
  readonly recipient: string;
}

/** Loads one outbox message, or null if it does not exist. */
export async function loadMessage(db: Queryable, id: string): Promise<OutboxRow | null> {
  const r = await db.query<{ id: string; kind: string; severity: string; payload: unknown; created_at: Date }>(
    'SELECT id, kind, severity, payload, created_at FROM outbox WHERE id = $1', [id]);
  const row = r.rows[0];
  return row ? { id: row.id, kind: row.kind, severity: row.severity, payload: row.payload, createdAt: new Date(row.created_at) } : null;
}

/** A delivery row to create, already decided: claimed by this replica ('sending'), to be claimed, or held. */
export interface NewDelivery {
  readonly recipient: string;
  readonly state: 'sending' | 'pending' | 'held';
  readonly heldReason?: HeldReason;
}

/**
 * Creates the delivery rows of a message in their decided state: 'sending' rows are claimed by `owner` in the same
 * statement (one round trip for the common case), 'held' rows wait for a digest. Idempotent: a row that exists keeps
 * its state and is not returned, so only the replica whose INSERT created a row sends it this way. `sweepAfter` is
 * when the sweeper may look at a row again (its claim lapses at the lease anyway).
 */
export async function insertDeliveries(
  db: Queryable, messageId: string, rows: readonly NewDelivery[], owner: string, now: Date, sweepAfter: Date,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const params: unknown[] = [messageId, now.toISOString(), sweepAfter.toISOString(), owner];
  const values = rows.map((r) => {
    params.push(r.recipient, r.state, r.heldReason ?? null);
    const n = params.length;
    return `($1, $${n - 2}, $${n - 1}, $${n}, CASE WHEN $${n - 1} = 'sending' THEN 1 ELSE 0 END,
             CASE WHEN $${n - 1} = 'sending' THEN $4 END, CASE WHEN $${n - 1} = 'sending' THEN $2::timestamptz END,
             $3::timestamptz, $2::timestamptz, $2::timestamptz)`;
  });
  const r = await db.query<{ recipient: string }>(
    `INSERT INTO notification_deliveries
       (message_id, recipient, state, held_reason, attempts, claimed_by, claimed_at, next_attempt_at, created_at, updated_at)
     VALUES ${values.join(', ')}
     ON CONFLICT (message_id, recipient) DO NOTHING RETURNING recipient`,
    params,
  );
  return r.rows.map((row) => row.recipient);
}

/** Holds a pending/retry delivery for the recipient's next digest. */
export async function markHeld(db: Queryable, k: DeliveryKey, reason: HeldReason, now: Date): Promise<boolean> {
  const r = await db.query(
    `UPDATE notification_deliveries SET state = 'held', held_reason = $3, updated_at = $4
     WHERE message_id = $1 AND recipient = $2 AND state IN ('pending', 'retry')`,
    [k.messageId, k.recipient, reason, now.toISOString()],
  );
  return r.rowCount > 0;
}

/**
 * Claims a delivery for sending: only one replica's UPDATE matches (row lock + state check), so in normal operation
 * each delivery is sent once. A 'sending' claim older than the lease is retaken: its owner is presumed dead.
 * Returns the attempt number, or null when another replica has it (or it is not due).
 */
export async function claimDelivery(db: Queryable, k: DeliveryKey, owner: string, now: Date, leaseMs: number): Promise<number | null> {
  const r = await db.query<{ attempts: number }>(
    `UPDATE notification_deliveries
        SET state = 'sending', claimed_by = $3, claimed_at = $4, attempts = attempts + 1, updated_at = $4
      WHERE message_id = $1 AND recipient = $2 AND digest_id IS NULL
        AND (state = 'pending' OR (state = 'retry' AND next_attempt_at <= $4::timestamptz)
          OR (state = 'sending' AND claimed_at < $5::timestamptz))
      RETURNING attempts`,
    [k.messageId, k.recipient, owner, now.toISOString(), new Date(now.getTime() - leaseMs).toISOString()],
  );
  return r.rows[0]?.attempts ?? null;
}

/** Records an accepted mail (claimed_by stays: which replica sent it). */
export async function markSent(db: Queryable, k: DeliveryKey, now: Date, response: string, smtpMessageId: string): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries
        SET state = 'sent', sent_at = $3, smtp_response = $4, smtp_message_id = $5, last_error = NULL,
            held_reason = NULL, updated_at = $3
      WHERE message_id = $1 AND recipient = $2`,
    [k.messageId, k.recipient, now.toISOString(), response, smtpMessageId],
  );
}

/** Records a failed attempt: 'retry' at `nextAt`, or 'failed' for good. Never touches a row already sent. */
export async function markFailure(
  db: Queryable, k: DeliveryKey, state: 'retry' | 'failed', error: string, response: string | null, nextAt: Date, now: Date,
): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries
        SET state = $3, last_error = $4, smtp_response = $5, next_attempt_at = $6, claimed_by = NULL, claimed_at = NULL, updated_at = $7
      WHERE message_id = $1 AND recipient = $2 AND state <> 'sent'`,
    [k.messageId, k.recipient, state, error, response, nextAt.toISOString(), now.toISOString()],
  );
}

/** Deliveries that are due (pending/retry past their time) or whose claim outlived the lease. */
export async function listDue(db: Queryable, now: Date, leaseMs: number, limit: number): Promise<DeliveryKey[]> {
  const r = await db.query<{ message_id: string; recipient: string }>(
    `SELECT message_id, recipient FROM notification_deliveries
      WHERE digest_id IS NULL AND state IN ('pending', 'retry', 'sending')
        AND ((state <> 'sending' AND next_attempt_at <= $1::timestamptz) OR (state = 'sending' AND claimed_at < $2::timestamptz))
      ORDER BY next_attempt_at LIMIT $3`,
    [now.toISOString(), new Date(now.getTime() - leaseMs).toISOString(), limit],
  );
  return r.rows.map((row) => ({ messageId: row.message_id, recipient: row.recipient }));
}

/** Mails that went to `recipient` in the hour before `now` (a digest counts once). */
export async function sentLastHour(db: Queryable, recipient: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - 3_600_000).toISOString();
  const r = await db.query<{ n: string }>(
    `SELECT ((SELECT count(*) FROM notification_deliveries
               WHERE recipient = $1 AND state = 'sent' AND digest_id IS NULL AND sent_at > $2::timestamptz)
           + (SELECT count(*) FROM notification_digests WHERE recipient = $1 AND state = 'sent' AND sent_at > $2::timestamptz))::text AS n`,
    [recipient, since],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Relayed messages with no delivery rows after the lease: their job was lost (Redis wiped, retries exhausted while
 * the database was down). Only severities some recipient wants, so a message nobody takes is not looked at again.
 */
export async function listOrphanMessages(db: Queryable, severities: readonly string[], leaseMs: number, limit: number): Promise<string[]> {
  if (severities.length === 0) return [];
  const r = await db.query<{ id: string }>(
    `SELECT o.id FROM outbox o
      WHERE o.relayed_at IS NOT NULL AND o.relayed_at < now() - make_interval(secs => $2::int)
        AND o.created_at > now() - interval '7 days' AND o.severity = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.message_id = o.id)
      ORDER BY o.id LIMIT $3`,
    [severities, Math.ceil(leaseMs / 1000), limit],
  );
  return r.rows.map((row) => row.id);
}
