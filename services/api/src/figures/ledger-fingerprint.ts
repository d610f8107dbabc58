import type { Queryable } from '@ppm/ledger';
import { countOf, intOrNull, type DbNumber } from '../store/row-values';

/**
 * What the api's cached figures depend on, read in one cheap query (each part is an index lookup). Entries
 * are append-only, so the highest entry id moves with every credit, reversal and payout step; the other parts
 * move with the watcher (tip), accrual (applied height, reversals) and the latest applied snapshot.
 */
export interface LedgerFingerprint {
  /** Highest ledger_entries.id ('0' on an empty ledger). */
  readonly entryId: string;
  /** The newest main-chain block: hash, status and kind. */
  readonly tip: string;
  readonly appliedHeight: number | null;
  readonly reversedBlocks: number;
  /** Block hash of the latest applied main-chain snapshot (its weights are the current weights). */
  readonly snapshotHash: string | null;
}

const FINGERPRINT_SQL = `
SELECT
  (SELECT max(id) FROM ledger_entries) AS entry_id,
  (SELECT hash || ':' || status || ':' || coalesce(kind, '') FROM blocks WHERE on_main_chain ORDER BY height DESC LIMIT 1) AS tip,
  (SELECT max(height) FROM blocks WHERE on_main_chain AND status = 'applied') AS applied_height,
  (SELECT count(*) FROM blocks WHERE status = 'reversed') AS reversed_blocks,
  (SELECT s.block_hash FROM blocks b JOIN snapshots s ON s.block_hash = b.hash
    WHERE b.on_main_chain AND b.status = 'applied' ORDER BY b.height DESC LIMIT 1) AS snapshot_hash`;

interface FingerprintRow {
  entry_id: DbNumber;
  tip: string | null;
  applied_height: DbNumber;
  reversed_blocks: DbNumber;
  snapshot_hash: string | null;
}

/** Reads the ledger's current {@link LedgerFingerprint}. */
export async function readLedgerFingerprint(db: Queryable): Promise<LedgerFingerprint> {
  const r = await db.query<FingerprintRow>(FINGERPRINT_SQL);
  const row = r.rows[0];
  return {
    entryId: row?.entry_id === null || row?.entry_id === undefined ? '0' : row.entry_id.toString(),
    tip: row?.tip ?? '',
    appliedHeight: intOrNull(row?.applied_height),
    reversedBlocks: countOf(row?.reversed_blocks),
    snapshotHash: row?.snapshot_hash ?? null,
  };
}

/** Key of the block facts (heights, last block, block counts): everything but the entries. */
export function blockKey(f: LedgerFingerprint): string {
  return `${f.tip}|${f.appliedHeight ?? ''}|${f.reversedBlocks}|${f.snapshotHash ?? ''}`;
}
