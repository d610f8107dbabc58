import type { Db } from '@ppm/ledger';
import { catalog, type TypedQueue } from '@ppm/queues';

/** Rows moved per relay pass. */
const RELAY_BATCH = 500;

async function enqueue(queue: TypedQueue<'notify'>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  // Job id msg-<id>: BullMQ ignores an add whose id exists, so a duplicate relay (another replica, a restart) is harmless.
  await queue.queue.addBulk(ids.map((messageId) => ({
    name: 'send',
    data: { messageId },
    opts: { jobId: catalog.notify.send.jobId({ messageId }) },
  })));
}

/**
 * One relay pass: unrelayed outbox rows are enqueued first and marked relayed after, so a crash in between only
 * causes a harmless second enqueue, never a lost message. Safe in every replica. Returns the rows relayed.
 */
export async function relayOnce(db: Db, queue: TypedQueue<'notify'>): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await db.query<{ id: string }>('SELECT id FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT $1', [RELAY_BATCH]);
    const ids = r.rows.map((row) => row.id);
    if (ids.length === 0) return total;
    await enqueue(queue, ids);
    await db.query('UPDATE outbox SET relayed_at = now() WHERE id = ANY($1::bigint[]) AND relayed_at IS NULL', [ids]);
    total += ids.length;
    if (ids.length < RELAY_BATCH) return total;
  }
}

/**
 * At start: Redis may have been wiped, so every relayed message without delivery rows (its job may be gone) and
 * every message with deliveries still waiting is enqueued again. Returns how many.
 */
export async function requeueUndelivered(db: Db, queue: TypedQueue<'notify'>, maxAgeDays = 7): Promise<number> {
  const r = await db.query<{ id: string }>(
    `SELECT o.id FROM outbox o
      WHERE o.relayed_at IS NOT NULL AND o.created_at > now() - make_interval(days => $1::int)
        AND (NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.message_id = o.id)
          OR EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.message_id = o.id AND d.state IN ('pending', 'retry')))
      ORDER BY o.id`,
    [maxAgeDays],
  );
  const ids = r.rows.map((row) => row.id);
  for (let i = 0; i < ids.length; i += RELAY_BATCH) await enqueue(queue, ids.slice(i, i + RELAY_BATCH));
  return ids.length;
}
