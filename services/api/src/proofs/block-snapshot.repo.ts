import type { Queryable } from '@ppm/ledger';
import { countOf, satsText, type DbNumber } from '../store/row-values';

/** A main-chain pool block's stored snapshot, with what the ledger credits for it now. */
export interface BlockSnapshot {
  height: number;
  blockHash: string;
  contentHash: string;
  content: Record<string, unknown> | null;
  rewardSats: string;
  poolWeightSats: string;
  poolFeeSats: string;
  delegates: { address: string; fee: number; weightSats: string; shareSats: string }[];
}

interface SnapshotRow {
  block_hash: string;
  height: DbNumber;
  content_hash: string;
  content: unknown;
  reward_sats: DbNumber;
  pool_weight_sats: DbNumber;
}

// Net amounts: a share and its reversal cancel, so a block reversed and applied again shows what counts now.
const SHARES_SQL = `
SELECT w.address, w.fee, w.weight_sats, coalesce(sum(e.amount_sats), 0) AS share_sats
FROM snapshot_weights w
LEFT JOIN ledger_entries e ON e.block_hash = w.block_hash AND e.address = w.address AND e.kind IN ('delegate_share', 'reversal')
WHERE w.block_hash = $1
GROUP BY w.address, w.fee, w.weight_sats
ORDER BY w.address`;

const POOL_FEE_SQL = `
SELECT coalesce(sum(e.amount_sats), 0) AS fee_sats
FROM ledger_entries e
LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
WHERE e.block_hash = $1 AND (e.kind = 'pool_fee' OR (e.kind = 'reversal' AND r.kind = 'pool_fee'))`;

/** The snapshot of the main-chain block at `height`, or undefined when that block has none (not a pool block). */
export async function readBlockSnapshot(db: Queryable, height: number): Promise<BlockSnapshot | undefined> {
  const r = await db.query<SnapshotRow>(
    `SELECT s.block_hash, s.height, s.content_hash, s.content, s.reward_sats, s.pool_weight_sats
     FROM blocks b JOIN snapshots s ON s.block_hash = b.hash WHERE b.height = $1 AND b.on_main_chain`, [height]);
  const row = r.rows[0];
  if (!row) return undefined;
  const shares = await db.query<{ address: string; fee: DbNumber; weight_sats: DbNumber; share_sats: DbNumber }>(SHARES_SQL, [row.block_hash]);
  const fee = await db.query<{ fee_sats: DbNumber }>(POOL_FEE_SQL, [row.block_hash]);
  const content = typeof row.content === 'string' ? (JSON.parse(row.content) as Record<string, unknown>) : (row.content as Record<string, unknown> | null);
  return {
    height: countOf(row.height),
    blockHash: row.block_hash,
    contentHash: row.content_hash,
    content: content ?? null,
    rewardSats: satsText(row.reward_sats),
    poolWeightSats: satsText(row.pool_weight_sats),
    poolFeeSats: satsText(fee.rows[0]?.fee_sats ?? 0),
    delegates: shares.rows.map((s) => ({ address: s.address, fee: countOf(s.fee), weightSats: satsText(s.weight_sats), shareSats: satsText(s.share_sats) })),
  };
}
