import { randomUUID } from 'node:crypto';
import { writeOutbox, type Db, type OutboxPayloads } from '@ppm/ledger';
import type { HealthCondition } from './health-rules';

const KEY_PREFIX = 'chain-watcher/health/';

/** The conditions currently latched (alerted, not yet cleared). */
export async function readLatches(db: Db): Promise<Set<HealthCondition>> {
  const r = await db.query<{ key: string }>(`SELECT key FROM kv WHERE key LIKE $1`, [`${KEY_PREFIX}%`]);
  return new Set(r.rows.map((row) => row.key.slice(KEY_PREFIX.length) as HealthCondition));
}

/**
 * Latches `condition` and writes its alert in ONE transaction: the latch row (inserted once per episode, even if
 * two watchers race) guarantees one alert per episode; the dedupe key carries a fresh episode id, so the next
 * episode alerts again even within the same millisecond.
 */
export async function raiseLatch<K extends HealthCondition>(db: Db, condition: K, payload: OutboxPayloads[K], nowMs: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const episode = `${nowMs}-${randomUUID()}`;
    const ins = await tx.query(
      `INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key`,
      [`${KEY_PREFIX}${condition}`, JSON.stringify({ sinceMs: nowMs, episode })],
    );
    if (ins.rowCount === 0) return false;
    await writeOutbox(tx, { kind: condition, payload, dedupeKey: `${condition}:${episode}` });
    return true;
  });
}

/** Re-arms `condition` (it cleared). */
export async function clearLatch(db: Db, condition: HealthCondition): Promise<void> {
  await db.query(`DELETE FROM kv WHERE key = $1`, [`${KEY_PREFIX}${condition}`]);
}
