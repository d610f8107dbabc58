import { createHash } from 'node:crypto';
import { encodeAddress } from '@ppm/chain';
import type { Db } from '@ppm/ledger';

/**
 * Test stand-ins for the chain-watcher and the snapshotter: they write `blocks`, `snapshots` and
 * `snapshot_weights` rows exactly as the lifecycle contract says, so accrual is tested against real tables.
 */

/** A deterministic 64-hex block hash for a label such as "a100" (branch a, height 100). */
export function blockHash(label: string): string {
  return createHash('sha256').update(`block:${label}`).digest('hex');
}

/** A valid regtest P2PKH address derived from a label. */
export function address(label: string): string {
  return encodeAddress(createHash('sha256').update(`addr:${label}`).digest('hex').slice(0, 40), 'regtest');
}

/** A block as the watcher and snapshotter leave it. */
export interface FixtureBlock {
  height: number;
  hash: string;
  kind?: 'pool' | 'self' | 'foreign';
  rewardSats?: bigint;
  status?: 'seen' | 'snapshotted';
  /** Pool blocks: weights as of H (weight may be 0). */
  weights?: readonly { address: string; weightSats: bigint }[];
}

/** Inserts a main-chain block (and its snapshot for a pool block), status `snapshotted` by default. */
export async function addBlock(db: Db, b: FixtureBlock): Promise<void> {
  const status = b.status ?? 'snapshotted';
  const kind = status === 'seen' ? null : (b.kind ?? 'foreign');
  const reward = status === 'seen' ? null : (b.rewardSats ?? 0n);
  await db.query(
    `INSERT INTO blocks (hash, height, on_main_chain, kind, staker_address, reward_sats, block_time, status)
     VALUES ($1, $2, true, $3, $4, $5, now(), $6)`,
    [b.hash, b.height, kind, kind === 'foreign' ? address('foreign-staker') : address('staker'), reward, status],
  );
  if (kind === 'pool') await addSnapshot(db, b.hash, b.height, reward ?? 0n, b.weights ?? []);
}

/** Writes a pool block's snapshot (W = sum of the weights). */
export async function addSnapshot(db: Db, hash: string, height: number, rewardSats: bigint, weights: readonly { address: string; weightSats: bigint }[]): Promise<void> {
  let w = 0n;
  for (const x of weights) w += x.weightSats;
  await db.query(
    `INSERT INTO snapshots (block_hash, height, reward_sats, pool_weight_sats, delegate_count, content_hash) VALUES ($1, $2, $3, $4, $5, $6)`,
    [hash, height, rewardSats, w, weights.length, createHash('sha256').update(`snap:${hash}`).digest('hex')],
  );
  for (const x of weights) {
    await db.query('INSERT INTO snapshot_weights (block_hash, address, weight_sats, fee) VALUES ($1, $2, $3, 100)', [hash, x.address, x.weightSats]);
  }
}

/** The chain-watcher's side of a reorg: the block leaves the main chain. */
export async function orphan(db: Db, hash: string): Promise<void> {
  await db.query('UPDATE blocks SET on_main_chain = false WHERE hash = $1', [hash]);
}

/** A block's status. */
export async function statusOf(db: Db, hash: string): Promise<string | undefined> {
  const r = await db.query<{ status: string }>('SELECT status FROM blocks WHERE hash = $1', [hash]);
  return r.rows[0]?.status;
}

/** Outbox messages, oldest first. */
export async function outbox(db: Db): Promise<{ kind: string; severity: string; payload: Record<string, unknown>; dedupe_key: string }[]> {
  const r = await db.query<{ kind: string; severity: string; payload: Record<string, unknown>; dedupe_key: string }>(
    'SELECT kind, severity, payload, dedupe_key FROM outbox ORDER BY id',
  );
  return r.rows;
}

/** Ledger entries of a block, as (kind, address, amount) with amounts as bigint, in id order. */
export async function entriesOf(db: Db, hash: string): Promise<{ kind: string; address: string | null; amountSats: bigint }[]> {
  const r = await db.query<{ kind: string; address: string | null; amount_sats: string }>(
    'SELECT kind, address, amount_sats FROM ledger_entries WHERE block_hash = $1 ORDER BY id',
    [hash],
  );
  return r.rows.map((x) => ({ kind: x.kind, address: x.address, amountSats: BigInt(x.amount_sats) }));
}
