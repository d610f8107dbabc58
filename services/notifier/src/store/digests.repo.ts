import type { Db, Queryable } from '@ppm/ledger';
import type { OutboxRow } from './deliveries.repo';

/** A claimed digest and the messages it carries. */
export interface ClaimedDigest {
  readonly id: string;
  readonly recipient: string;
  /** True when every message was held for the hourly block digest (none for quiet hours or the rate limit). */
  readonly hourlyOnly: boolean;
  readonly messages: OutboxRow[];
}

/** A recipient with held deliveries: since when the oldest waits, and whether all wait for the hourly digest only. */
export interface HeldFor {
  readonly recipient: string;
  readonly oldestHeldAt: Date;
  readonly hourlyOnly: boolean;
}

/** Recipients with held deliveries. */
export async function recipientsWithHeld(db: Queryable): Promise<HeldFor[]> {
  const r = await db.query<{ recipient: string; oldest: Date; hourly_only: boolean }>(
    `SELECT recipient, min(created_at) AS oldest, bool_and(held_reason IS NOT DISTINCT FROM 'digest') AS hourly_only
       FROM notification_deliveries WHERE state = 'held' GROUP BY recipient`);
  return r.rows.map((row) => ({ recipient: row.recipient, oldestHeldAt: new Date(row.oldest), hourlyOnly: row.hourly_only }));
}

class NothingHeld extends Error {}

/**
 * Moves every held delivery of `recipient` into a new digest, in one transaction. Two replicas running the check
 * at once: the second UPDATE waits on the first's row locks, then finds no held rows and rolls back. Returns null
 * when nothing was held.
 */
export async function claimDigest(db: Db, recipient: string, owner: string, now: Date): Promise<ClaimedDigest | null> {
  try {
    return await db.transaction(async (tx) => {
      const d = await tx.query<{ id: string }>(
        `INSERT INTO notification_digests (recipient, state, messages, claimed_by, claimed_at, created_at)
         VALUES ($1, 'sending', 0, $2, $3, $3) RETURNING id`,
        [recipient, owner, now.toISOString()],
      );
      const id = d.rows[0]!.id;
      const moved = await tx.query<{ message_id: string }>(
        `UPDATE notification_deliveries SET state = 'sending', digest_id = $2, claimed_by = $3, claimed_at = $4,
                attempts = attempts + 1, updated_at = $4
          WHERE recipient = $1 AND state = 'held' RETURNING message_id`,
        [recipient, id, owner, now.toISOString()],
      );
      if (moved.rowCount === 0) throw new NothingHeld();
      await tx.query('UPDATE notification_digests SET messages = $2 WHERE id = $1', [id, moved.rowCount]);
      const msgs = await tx.query<{ id: string; kind: string; severity: string; payload: unknown; created_at: Date; held_reason: string | null }>(
        `SELECT o.id, o.kind, o.severity, o.payload, o.created_at, d.held_reason FROM outbox o
           JOIN notification_deliveries d ON d.message_id = o.id
          WHERE d.digest_id = $1 ORDER BY o.created_at, o.id`,
        [id],
      );
      return {
        id,
        recipient,
        hourlyOnly: msgs.rows.every((m) => m.held_reason === 'digest'),
        messages: msgs.rows.map((m) => ({ id: m.id, kind: m.kind, severity: m.severity, payload: m.payload, createdAt: new Date(m.created_at) })),
      };
    });
  } catch (err) {
    if (err instanceof NothingHeld) return null;
    throw err;
  }
}

/** Records a sent digest: each carried delivery becomes sent with the digest's SMTP answer. */
export async function markDigestSent(db: Db, id: string, now: Date, response: string, smtpMessageId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE notification_digests SET state = 'sent', sent_at = $2, smtp_response = $3, smtp_message_id = $4 WHERE id = $1`,
      [id, now.toISOString(), response, smtpMessageId],
    );
    await tx.query(
      `UPDATE notification_deliveries SET state = 'sent', sent_at = $2, smtp_response = $3, smtp_message_id = $4, last_error = NULL,
              updated_at = $2
        WHERE digest_id = $1 AND state = 'sending'`,
      [id, now.toISOString(), response, smtpMessageId],
    );
  });
}

/** A failed digest returns its deliveries to 'held' (with the error) so the next check tries again. */
export async function releaseDigest(db: Db, id: string, now: Date, error: string, response: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE notification_digests SET state = 'failed', last_error = $2, smtp_response = $3 WHERE id = $1`, [id, error, response]);
    await tx.query(
      `UPDATE notification_deliveries SET state = 'held', digest_id = NULL, claimed_by = NULL, claimed_at = NULL,
              last_error = $2, smtp_response = $3, updated_at = $4
        WHERE digest_id = $1 AND state = 'sending'`,
      [id, error, response, now.toISOString()],
    );
  });
}

/** Digests whose claim outlived the lease (replica died mid-send): released back to held. Returns how many. */
export async function releaseStaleDigests(db: Db, now: Date, leaseMs: number): Promise<number> {
  const r = await db.query<{ id: string }>(
    `SELECT id FROM notification_digests WHERE state = 'sending' AND claimed_at < $1::timestamptz`,
    [new Date(now.getTime() - leaseMs).toISOString()],
  );
  for (const row of r.rows) await releaseDigest(db, row.id, now, 'lease expired: the sending replica stopped', null);
  return r.rows.length;
}
