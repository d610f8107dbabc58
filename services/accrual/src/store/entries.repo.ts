import type { Queryable } from '@ppm/ledger';
import type { BlockEntryKind, PlannedEntry } from '../domain/block-entries';
import type { BlockRef } from './blocks.repo';

/** Kinds written by a block's application (the ones a reorg reverses). */
const BLOCK_KINDS: readonly BlockEntryKind[] = ['delegate_share', 'pool_fee', 'unallocated', 'self_revenue'];

/**
 * Writes the entries of a block's `application`-th application in one statement (a pool block may have
 * thousands of delegates). The unique index `ledger_entries_once_per_application` refuses a second (kind,
 * address) for the same block and application: the last defence against a double credit if the status check
 * were ever bypassed.
 */
export async function insertBlockEntries(tx: Queryable, block: BlockRef, application: number, entries: readonly PlannedEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO ledger_entries (kind, address, amount_sats, block_hash, height, application)
     SELECT e.kind, e.address, e.amount::numeric, $4, $5, $6
     FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS e(kind, address, amount, n) ORDER BY e.n`,
    [entries.map((e) => e.kind), entries.map((e) => e.address), entries.map((e) => e.amountSats.toString()), block.hash, block.height, application],
  );
}

/** Sum of the entries the block's `application`-th application wrote, as stored (the conservation check reads back). */
export async function sumBlockEntries(tx: Queryable, hash: string, application: number): Promise<bigint> {
  const r = await tx.query<{ total: string }>(
    'SELECT coalesce(sum(amount_sats), 0) AS total FROM ledger_entries WHERE block_hash = $1 AND application = $3 AND kind = ANY($2::text[])',
    [hash, BLOCK_KINDS, application],
  );
  return BigInt(r.rows[0]?.total ?? '0');
}

/** A stored entry of a block, to be reversed. */
export interface StoredBlockEntry {
  readonly id: string;
  readonly kind: BlockEntryKind;
  readonly address: string | null;
  readonly amountSats: bigint;
  readonly height: number | null;
}

/** The block's application entries that have no reversal yet, in id order. */
export async function unreversedBlockEntries(tx: Queryable, hash: string): Promise<StoredBlockEntry[]> {
  const r = await tx.query<{ id: string; kind: BlockEntryKind; address: string | null; amount_sats: string; height: number | null }>(
    `SELECT e.id, e.kind, e.address, e.amount_sats, e.height FROM ledger_entries e
     WHERE e.block_hash = $1 AND e.kind = ANY($2::text[])
       AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_entry_id = e.id)
     ORDER BY e.id`,
    [hash, BLOCK_KINDS],
  );
  return r.rows.map((x) => ({ id: x.id, kind: x.kind, address: x.address, amountSats: BigInt(x.amount_sats), height: x.height }));
}

/**
 * Appends one `reversal` per entry: same address, block, height and application, negated amount,
 * reverses_entry_id set (unique: an entry is reversed at most once). Entries are never updated or deleted.
 */
export async function insertReversals(tx: Queryable, hash: string, entries: readonly StoredBlockEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO ledger_entries (kind, address, amount_sats, block_hash, height, reverses_entry_id, application)
     SELECT 'reversal', e.address, -e.amount_sats, e.block_hash, e.height, e.id, e.application
     FROM ledger_entries e WHERE e.id = ANY($1::bigint[]) AND e.block_hash = $2 ORDER BY e.id`,
    [entries.map((e) => e.id), hash],
  );
}
