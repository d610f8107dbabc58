import type { BlockKind } from '@ppm/chain';
import type { Db, Queryable } from '@ppm/ledger';
import { snapshotContentJson, type SnapshotContent } from '../domain/snapshot-content';

/** A block row waiting for the snapshotter. */
export interface PendingBlock {
  readonly hash: string;
  readonly height: number;
}

/** Classified facts of one block, with its snapshot when it is a pool block. */
export interface BlockResult {
  readonly hash: string;
  readonly height: number;
  readonly kind: BlockKind;
  readonly stakerAddress: string | null;
  readonly rewardSats: bigint;
  /** Block header time, epoch seconds. */
  readonly blockTime: number;
  readonly snapshot?: { readonly content: SnapshotContent; readonly contentHash: string };
}

/** Main-chain blocks still `seen` at heights <= `uptoHeight`, lowest first. */
export async function pendingBlocks(db: Queryable, uptoHeight: number, limit: number): Promise<PendingBlock[]> {
  const r = await db.query<PendingBlock>(
    `SELECT hash, height FROM blocks WHERE on_main_chain AND status = 'seen' AND height <= $1 ORDER BY height LIMIT $2`,
    [uptoHeight, limit],
  );
  return r.rows;
}

/** Highest main-chain `seen` height, or null (recovery after a restart or a Redis wipe). */
export async function highestPendingHeight(db: Queryable): Promise<number | null> {
  const r = await db.query<{ h: number | null }>(`SELECT max(height) AS h FROM blocks WHERE on_main_chain AND status = 'seen'`);
  return r.rows[0]?.h ?? null;
}

/**
 * The height the next snapshot run starts from: the lowest main-chain `seen` height, else one above the highest
 * main-chain row; null when there is no row yet.
 */
export async function nextSnapshotHeight(db: Queryable): Promise<number | null> {
  const r = await db.query<{ h: number | null }>(
    `SELECT COALESCE(min(height) FILTER (WHERE status = 'seen'), max(height) + 1) AS h FROM blocks WHERE on_main_chain`,
  );
  return r.rows[0]?.h ?? null;
}

/** Main-chain blocks already `snapshotted` (their apply job may have been lost), lowest first. */
export async function snapshottedBlocks(db: Queryable): Promise<PendingBlock[]> {
  const r = await db.query<PendingBlock>(`SELECT hash, height FROM blocks WHERE on_main_chain AND status = 'snapshotted' ORDER BY height`);
  return r.rows;
}

/**
 * Stores the facts of `results` and the snapshots of the pool blocks among them in ONE transaction. Idempotent:
 * only rows still `seen` on the main chain are written (a duplicate delivery or a second replica changes
 * nothing). Returns the blocks this call moved to `snapshotted`, in height order.
 */
export async function commitBlocks(db: Db, results: readonly BlockResult[]): Promise<PendingBlock[]> {
  if (results.length === 0) return [];
  return db.transaction(async (tx) => {
    const updated = await tx.query<PendingBlock>(
      `UPDATE blocks b SET kind = v.kind, staker_address = v.staker, reward_sats = v.reward, block_time = to_timestamp(v.t), status = 'snapshotted'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::bigint[]) AS v(hash, kind, staker, reward, t)
       WHERE b.hash = v.hash AND b.status = 'seen' AND b.on_main_chain
       RETURNING b.hash, b.height`,
      [
        results.map((r) => r.hash),
        results.map((r) => r.kind),
        results.map((r) => r.stakerAddress),
        results.map((r) => r.rewardSats.toString()),
        results.map((r) => String(r.blockTime)),
      ],
    );
    const done = new Set(updated.rows.map((r) => r.hash));
    for (const r of results) {
      if (r.snapshot && done.has(r.hash)) await insertSnapshot(tx, r.hash, r.snapshot.content, r.snapshot.contentHash);
    }
    return updated.rows.sort((a, b) => a.height - b.height);
  });
}

async function insertSnapshot(tx: Queryable, hash: string, c: SnapshotContent, contentHash: string): Promise<void> {
  await tx.query(
    `INSERT INTO snapshots (block_hash, height, reward_sats, pool_weight_sats, delegate_count, content_hash, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (block_hash) DO NOTHING`,
    [hash, c.height, c.rewardSats, c.poolWeightSats, c.delegates.length, contentHash, JSON.stringify(snapshotContentJson(c))],
  );
  if (c.delegates.length === 0) return;
  await tx.query(
    `INSERT INTO snapshot_weights (block_hash, address, weight_sats, fee)
     SELECT $1, a, w, f FROM unnest($2::text[], $3::numeric[], $4::smallint[]) AS v(a, w, f)
     ON CONFLICT (block_hash, address) DO NOTHING`,
    [hash, c.delegates.map((d) => d.address), c.delegates.map((d) => d.weightSats.toString()), c.delegates.map((d) => d.fee)],
  );
}
