import type { Queryable } from '@ppm/ledger';
import type { BatchState } from '../domain/batch-state';
import type { PayoutPlan } from '../domain/plan';

/** A stored batch (one transaction of a plan). */
export interface StoredBatch {
  readonly batchId: string;
  readonly planHash: string;
  readonly index: number;
  readonly state: BatchState;
  readonly totalSats: bigint;
  readonly outputCount: number;
  readonly txid: string | null;
  readonly rawTx: string | null;
  readonly feeSats: bigint | null;
  readonly confirmations: number;
  readonly blockHash: string | null;
  readonly blockHeight: number | null;
  readonly inputsMissingSinceHeight: number | null;
  readonly error: string | null;
  /** The foreign tx that spent one of our inputs (dropped, or waiting for its depth). */
  readonly spentByTxid: string | null;
  /** Dropped batches: the last tip height at which the txid is still watched. */
  readonly watchUntilHeight: number | null;
  /** A dropped tx mined after all: the height of its block. */
  readonly lateConfirmedHeight: number | null;
}

interface BatchRow {
  batch_id: string; plan_hash: string; batch_index: number; state: BatchState; total_sats: string; output_count: number;
  txid: string | null; raw_tx: string | null; fee_sats: string | null; confirmations: number; block_hash: string | null;
  block_height: number | null; inputs_missing_since_height: number | null; error: string | null;
  spent_by_txid: string | null; watch_until_height: number | null; late_confirmed_height: number | null;
}

const COLUMNS = `batch_id, plan_hash, batch_index, state, total_sats, output_count, txid, raw_tx, fee_sats, confirmations,
  block_hash, block_height, inputs_missing_since_height, error, spent_by_txid, watch_until_height, late_confirmed_height`;

function toBatch(r: BatchRow): StoredBatch {
  return {
    batchId: r.batch_id, planHash: r.plan_hash, index: r.batch_index, state: r.state, totalSats: BigInt(r.total_sats),
    outputCount: r.output_count, txid: r.txid, rawTx: r.raw_tx, feeSats: r.fee_sats === null ? null : BigInt(r.fee_sats),
    confirmations: r.confirmations, blockHash: r.block_hash, blockHeight: r.block_height,
    inputsMissingSinceHeight: r.inputs_missing_since_height, error: r.error,
    spentByTxid: r.spent_by_txid, watchUntilHeight: r.watch_until_height, lateConfirmedHeight: r.late_confirmed_height,
  };
}

/**
 * Writes a plan's batches (state reserved), their outputs and one payout_reserve entry per output (balance ->
 * in flight). Call inside the reserve transaction, after the balance re-check. Returns false when the plan's
 * batches already exist (a retried execute: nothing written).
 */
export async function insertReservation(tx: Queryable, plan: PayoutPlan): Promise<boolean> {
  const batches = plan.batches.map((b) => ({ batch_id: b.batchId, idx: b.index, total: b.totalSats.toString(), n: b.outputs.length }));
  const ins = await tx.query(
    `INSERT INTO payout_batches (batch_id, plan_hash, batch_index, state, total_sats, output_count)
     SELECT b.batch_id, $1, b.idx, 'reserved', b.total::numeric, b.n FROM jsonb_to_recordset($2::jsonb) AS b(batch_id text, idx int, total text, n int)
     ON CONFLICT (batch_id) DO NOTHING`,
    [plan.hash, JSON.stringify(batches)],
  );
  if (ins.rowCount === 0) return false;
  if (ins.rowCount !== plan.batches.length) throw new Error(`plan ${plan.hash}: some batches already existed; refusing a partial reservation`);
  // address: the delegate (its balance is debited); paid_to + signature: a signed redirect's target (else NULL).
  const outputs = plan.batches.flatMap((b) => b.outputs.map((o) => ({
    b: b.batchId, a: o.address, m: o.amountSats.toString(), t: o.paidTo ?? null, s: o.paidTo !== undefined ? (o.redirectSignature ?? null) : null,
  })));
  await tx.query(
    `INSERT INTO payout_outputs (batch_id, address, amount_sats, paid_to, redirect_signature)
     SELECT o.b, o.a, o.m::numeric, o.t, o.s FROM jsonb_to_recordset($1::jsonb) AS o(b text, a text, m text, t text, s text)`,
    [JSON.stringify(outputs)],
  );
  await tx.query(
    `INSERT INTO ledger_entries (kind, address, amount_sats, height, payout_batch_id)
     SELECT 'payout_reserve', o.address, o.amount_sats, $2, o.batch_id
     FROM payout_outputs o JOIN payout_batches b USING (batch_id) WHERE b.plan_hash = $1`,
    [plan.hash, plan.content.asOfHeight],
  );
  return true;
}

/** One batch, or undefined. */
export async function getBatch(q: Queryable, batchId: string): Promise<StoredBatch | undefined> {
  const r = await q.query<BatchRow>(`SELECT ${COLUMNS} FROM payout_batches WHERE batch_id = $1`, [batchId]);
  const row = r.rows[0];
  return row ? toBatch(row) : undefined;
}

/** The batches of a plan, by index. */
export async function listPlanBatches(q: Queryable, planHash: string): Promise<StoredBatch[]> {
  const r = await q.query<BatchRow>(`SELECT ${COLUMNS} FROM payout_batches WHERE plan_hash = $1 ORDER BY batch_index`, [planHash]);
  return r.rows.map(toBatch);
}

/** Every batch not yet final (reserved, signed, broadcast, confirmed): what recovery resumes. */
export async function listOpenBatches(q: Queryable): Promise<StoredBatch[]> {
  const r = await q.query<BatchRow>(
    `SELECT ${COLUMNS} FROM payout_batches WHERE state IN ('reserved', 'signed', 'broadcast', 'confirmed') ORDER BY created_at, plan_hash, batch_index`,
  );
  return r.rows.map(toBatch);
}

/** Every batch, newest plan first (listings). */
export async function listAllBatches(q: Queryable): Promise<StoredBatch[]> {
  const r = await q.query<BatchRow>(`SELECT ${COLUMNS} FROM payout_batches ORDER BY created_at DESC, plan_hash, batch_index`);
  return r.rows.map(toBatch);
}

/** Outputs of a batch, sorted by address. */
export async function getOutputs(q: Queryable, batchId: string): Promise<{ address: string; amountSats: bigint }[]> {
  const r = await q.query<{ address: string; amount_sats: string }>(
    'SELECT address, amount_sats FROM payout_outputs WHERE batch_id = $1', [batchId]);
  return r.rows.map((x) => ({ address: x.address, amountSats: BigInt(x.amount_sats) }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** Stores the signed transaction (reserved -> signed). Returns false when the batch was not `reserved`. */
export async function recordSigned(q: Queryable, batchId: string, t: { txid: string; rawTx: string; feeSats: bigint | null }): Promise<boolean> {
  const r = await q.query(
    `UPDATE payout_batches SET state = 'signed', txid = $2, raw_tx = $3, fee_sats = $4, signed_at = now(), error = NULL
     WHERE batch_id = $1 AND state = 'reserved'`,
    [batchId, t.txid, t.rawTx, t.feeSats],
  );
  return r.rowCount > 0;
}

/** signed -> broadcast. Returns false when the batch was not `signed`. */
export async function recordBroadcast(q: Queryable, batchId: string): Promise<boolean> {
  const r = await q.query(
    `UPDATE payout_batches SET state = 'broadcast', broadcast_at = now(), error = NULL WHERE batch_id = $1 AND state = 'signed'`, [batchId]);
  return r.rowCount > 0;
}

/** Records what the tracker saw: in a block (-> confirmed) or back in the mempool after a reorg (-> broadcast). */
export async function recordTracking(
  q: Queryable, batchId: string,
  seen: { confirmations: number; blockHash: string | null; blockHeight: number | null; inputsMissingSinceHeight: number | null; error: string | null },
): Promise<void> {
  await q.query(
    `UPDATE payout_batches SET
       state = CASE WHEN state IN ('broadcast', 'confirmed') THEN (CASE WHEN $2 > 0 THEN 'confirmed' ELSE 'broadcast' END) ELSE state END,
       confirmations = $2, block_hash = $3, block_height = $4, inputs_missing_since_height = $5, error = $6, checked_at = now(),
       confirmed_at = CASE WHEN $2 > 0 THEN coalesce(confirmed_at, now()) ELSE NULL END
     WHERE batch_id = $1 AND state IN ('signed', 'broadcast', 'confirmed')`,
    [batchId, seen.confirmations, seen.blockHash, seen.blockHeight, seen.inputsMissingSinceHeight, seen.error],
  );
}

/** Notes an error on a batch without changing its state (shown by listings, kept for the operator). */
export async function recordError(q: Queryable, batchId: string, error: string): Promise<void> {
  await q.query('UPDATE payout_batches SET error = $2, checked_at = now() WHERE batch_id = $1', [batchId, error.slice(0, 2000)]);
}

/** Whether any dropped batch may still be watched (its window is checked against the tip by {@link listWatchedDropped}). */
export async function anyWatchedDropped(q: Queryable): Promise<boolean> {
  const r = await q.query(
    `SELECT 1 FROM payout_batches WHERE state = 'dropped' AND late_confirmed_height IS NULL AND watch_until_height IS NOT NULL LIMIT 1`);
  return r.rows.length > 0;
}

/** Dropped batches whose txid is still watched at tip `tip` (it could still confirm after a deep reorg). */
export async function listWatchedDropped(q: Queryable, tip: number): Promise<StoredBatch[]> {
  const r = await q.query<BatchRow>(
    `SELECT ${COLUMNS} FROM payout_batches
     WHERE state = 'dropped' AND late_confirmed_height IS NULL AND txid IS NOT NULL AND watch_until_height >= $1
     ORDER BY created_at, plan_hash, batch_index`,
    [tip],
  );
  return r.rows.map(toBatch);
}

/** Notes the foreign spender of an input (waiting for its depth), without changing the state. */
export async function recordSpender(q: Queryable, batchId: string, spender: string | null, error: string): Promise<void> {
  await q.query('UPDATE payout_batches SET spent_by_txid = $2, error = $3, checked_at = now() WHERE batch_id = $1', [batchId, spender, error.slice(0, 2000)]);
}
