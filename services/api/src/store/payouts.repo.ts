import type { Queryable } from '@ppm/ledger';
import { countOf, intOrNull, isoOrNull, satsText, type DbNumber, type DbTime } from './row-values';

/** One output of a payout transaction. */
export interface PayoutOutput {
  address: string;
  amountSats: string;
}

/** One payout batch (one transaction) and its outputs. */
export interface PayoutBatch {
  batchId: string;
  planHash: string;
  batchIndex: number;
  state: string;
  txid: string | null;
  totalSats: string;
  feeSats: string | null;
  outputCount: number;
  confirmations: number;
  blockHeight: number | null;
  error: string | null;
  createdAt: string | null;
  broadcastAt: string | null;
  confirmedAt: string | null;
  outputs: PayoutOutput[];
}

/** Which batches to list. */
export interface PayoutsQuery {
  state?: string | undefined;
  limit: number;
}

interface BatchRow {
  batch_id: string;
  plan_hash: string;
  batch_index: DbNumber;
  state: string;
  txid: string | null;
  total_sats: DbNumber;
  fee_sats: DbNumber;
  output_count: DbNumber;
  confirmations: DbNumber;
  block_height: DbNumber;
  error: string | null;
  created_at: DbTime;
  broadcast_at: DbTime;
  confirmed_at: DbTime;
}

const BATCHES_SQL = `
SELECT batch_id, plan_hash, batch_index, state, txid, total_sats, fee_sats, output_count, confirmations,
  block_height, error, created_at, broadcast_at, confirmed_at
FROM payout_batches
WHERE $1::text IS NULL OR state = $1
ORDER BY created_at DESC, plan_hash, batch_index
LIMIT $2`;

const OUTPUTS_SQL = `
SELECT batch_id, address, amount_sats FROM payout_outputs WHERE batch_id = ANY($1::text[]) ORDER BY batch_id, address`;

/** Payout batches, newest first, each with its outputs. */
export async function listPayouts(db: Queryable, q: PayoutsQuery): Promise<PayoutBatch[]> {
  const r = await db.query<BatchRow>(BATCHES_SQL, [q.state ?? null, q.limit]);
  const ids = r.rows.map((row) => row.batch_id);
  const outputs = new Map<string, PayoutOutput[]>();
  if (ids.length > 0) {
    const o = await db.query<{ batch_id: string; address: string; amount_sats: DbNumber }>(OUTPUTS_SQL, [ids]);
    for (const row of o.rows) {
      const list = outputs.get(row.batch_id) ?? [];
      list.push({ address: row.address, amountSats: satsText(row.amount_sats) });
      outputs.set(row.batch_id, list);
    }
  }
  return r.rows.map((row) => ({
    batchId: row.batch_id,
    planHash: row.plan_hash,
    batchIndex: countOf(row.batch_index),
    state: row.state,
    txid: row.txid,
    totalSats: satsText(row.total_sats),
    feeSats: row.fee_sats === null || row.fee_sats === undefined ? null : satsText(row.fee_sats),
    outputCount: countOf(row.output_count),
    confirmations: countOf(row.confirmations),
    blockHeight: intOrNull(row.block_height),
    error: row.error,
    createdAt: isoOrNull(row.created_at),
    broadcastAt: isoOrNull(row.broadcast_at),
    confirmedAt: isoOrNull(row.confirmed_at),
    outputs: outputs.get(row.batch_id) ?? [],
  }));
}
