import type { Queryable } from '@ppm/ledger';
import { CREATED_KEY_SQL, type CreatedKey } from './created-key';
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

/** Where a page of batches starts: after this batch in the list order (newest first). */
export interface BatchKey {
  created: CreatedKey;
  planHash: string;
  batchIndex: number;
}

/** Which batches to list. */
export interface PayoutsQuery {
  state?: string | undefined;
  limit: number;
  /** Outputs listed per batch (the first by address); all of them at /v1/payouts/{batchId}/outputs. */
  outputsLimit: number;
  after?: BatchKey | undefined;
}

/** Estimated reply bytes of one batch without outputs, and of one output: what the page budget counts. */
export const BATCH_REPLY_BYTES = 650;
export const OUTPUT_REPLY_BYTES = 80;
/** A page of /v1/payouts stops before its estimated reply passes this size (always at least one batch). */
export const PAYOUTS_PAGE_BUDGET_BYTES = 256 * 1024;

interface BatchRow {
  created_key: string;
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
SELECT ${CREATED_KEY_SQL('payout_batches')} AS created_key, batch_id, plan_hash, batch_index, state, txid, total_sats, fee_sats, output_count, confirmations,
  block_height, error, created_at, broadcast_at, confirmed_at
FROM payout_batches
WHERE ($1::text IS NULL OR state = $1)
  AND ($3::timestamptz IS NULL OR created_at < $3::timestamptz
    OR (created_at = $3::timestamptz AND (plan_hash, batch_index) > ($4::text, $5::int)))
ORDER BY created_at DESC, plan_hash, batch_index
LIMIT $2`;

// The first $2 outputs of each batch by address.
const OUTPUTS_SQL = `
SELECT batch_id, address, amount_sats FROM (
  SELECT batch_id, address, amount_sats, row_number() OVER (PARTITION BY batch_id ORDER BY address) AS i
  FROM payout_outputs WHERE batch_id = ANY($1::text[])
) t WHERE i <= $2
ORDER BY batch_id, address`;

const BATCH_OUTPUTS_SQL = `
SELECT address, amount_sats FROM payout_outputs WHERE batch_id = $1 AND ($2::text IS NULL OR address > $2) ORDER BY address LIMIT $3`;

/**
 * A page of payout batches, newest first, each with its first outputs. The page holds at most `limit` batches
 * and stops early before its reply passes {@link PAYOUTS_PAGE_BUDGET_BYTES}; `next` is the last batch's key
 * when more follow.
 */
export async function listPayouts(db: Queryable, q: PayoutsQuery): Promise<{ payouts: PayoutBatch[]; next: BatchKey | null }> {
  const all = await db.query<BatchRow>(BATCHES_SQL, [q.state ?? null, q.limit + 1, q.after?.created ?? null, q.after?.planHash ?? null, q.after?.batchIndex ?? null]);
  const rows: BatchRow[] = [];
  let bytes = 0;
  for (const row of all.rows.slice(0, q.limit)) {
    const cost = BATCH_REPLY_BYTES + OUTPUT_REPLY_BYTES * Math.min(countOf(row.output_count), q.outputsLimit);
    if (rows.length > 0 && bytes + cost > PAYOUTS_PAGE_BUDGET_BYTES) break;
    rows.push(row);
    bytes += cost;
  }
  const last = rows[rows.length - 1];
  const next = all.rows.length > rows.length && last ? { created: last.created_key, planHash: last.plan_hash, batchIndex: countOf(last.batch_index) } : null;
  const ids = rows.map((row) => row.batch_id);
  const outputs = new Map<string, PayoutOutput[]>();
  if (ids.length > 0) {
    const o = await db.query<{ batch_id: string; address: string; amount_sats: DbNumber }>(OUTPUTS_SQL, [ids, q.outputsLimit]);
    for (const row of o.rows) {
      const list = outputs.get(row.batch_id) ?? [];
      list.push({ address: row.address, amountSats: satsText(row.amount_sats) });
      outputs.set(row.batch_id, list);
    }
  }
  return { next, payouts: rows.map((row) => ({
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
  })) };
}

/** Whether `batchId` is a payout batch. */
export async function batchExists(db: Queryable, batchId: string): Promise<boolean> {
  const r = await db.query<{ batch_id: string }>('SELECT batch_id FROM payout_batches WHERE batch_id = $1', [batchId]);
  return r.rows.length > 0;
}

/** A page of one batch's outputs by address, after `after`; `more` when others follow. */
export async function listBatchOutputs(db: Queryable, batchId: string, limit: number, after?: string): Promise<{ outputs: PayoutOutput[]; more: boolean }> {
  const r = await db.query<{ address: string; amount_sats: DbNumber }>(BATCH_OUTPUTS_SQL, [batchId, after ?? null, limit + 1]);
  return { more: r.rows.length > limit, outputs: r.rows.slice(0, limit).map((row) => ({ address: row.address, amountSats: satsText(row.amount_sats) })) };
}
