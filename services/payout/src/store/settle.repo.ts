import { writeOutbox, type Queryable } from '@ppm/ledger';

/** What a settled batch reports. */
export interface SettledBatch {
  readonly planHash: string;
  readonly txid: string | null;
  readonly totalSats: bigint;
  readonly outputCount: number;
}

interface SettledRow { plan_hash: string; txid: string | null; total_sats: string; output_count: number }
const toSettled = (r: SettledRow): SettledBatch => ({ planHash: r.plan_hash, txid: r.txid, totalSats: BigInt(r.total_sats), outputCount: r.output_count });

/**
 * broadcast/confirmed -> paid, with one payout_paid entry per output (in flight -> paid) and the outbox
 * message, in the caller's transaction. Returns undefined when the batch was not open (already settled).
 */
export async function settlePaid(
  tx: Queryable, batchId: string, seen: { confirmations: number; blockHash: string | null; blockHeight: number | null },
): Promise<SettledBatch | undefined> {
  const r = await tx.query<SettledRow>(
    `UPDATE payout_batches SET state = 'paid', confirmations = $2, block_hash = $3, block_height = $4,
       confirmed_at = coalesce(confirmed_at, now()), finished_at = now(), error = NULL, checked_at = now()
     WHERE batch_id = $1 AND state IN ('broadcast', 'confirmed')
     RETURNING plan_hash, txid, total_sats, output_count`,
    [batchId, seen.confirmations, seen.blockHash, seen.blockHeight],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  await tx.query(
    `INSERT INTO ledger_entries (kind, address, amount_sats, height, payout_batch_id)
     SELECT 'payout_paid', address, amount_sats, $2, batch_id FROM payout_outputs WHERE batch_id = $1`,
    [batchId, seen.blockHeight],
  );
  const b = toSettled(row);
  await writeOutbox(tx, {
    kind: 'payout_confirmed',
    dedupeKey: `payout_confirmed:${batchId}`,
    payload: { planHash: b.planHash, batchId, txid: b.txid ?? '', outputs: b.outputCount, totalSats: b.totalSats.toString(), confirmations: seen.confirmations },
  });
  await finishPlanIfDone(tx, b.planHash);
  return b;
}

/**
 * Gives a batch's amounts back to the balances (in flight -> balance): state `to` (dropped: a signed tx that
 * can never be mined; failed: nothing was ever signed), one payout_release entry per output, and a critical
 * payout_failed message, in the caller's transaction. Returns undefined when the batch was not in a state that
 * may move to `to`.
 */
export async function releaseBatch(
  tx: Queryable, batchId: string, to: 'dropped' | 'failed', reason: string, height: number,
  dropped?: { spentByTxid: string; watchUntilHeight: number },
): Promise<SettledBatch | undefined> {
  if (to === 'dropped' && !dropped) throw new Error(`batch ${batchId}: dropped needs the proven spender`);
  const from = to === 'failed' ? ['reserved'] : ['signed', 'broadcast', 'confirmed'];
  const r = await tx.query<SettledRow>(
    `UPDATE payout_batches SET state = $2, error = $3, finished_at = now(), checked_at = now(),
       spent_by_txid = coalesce($5, spent_by_txid), dropped_height = CASE WHEN $2 = 'dropped' THEN $6::int END,
       watch_until_height = $7
     WHERE batch_id = $1 AND state IN (SELECT jsonb_array_elements_text($4::jsonb))
     RETURNING plan_hash, txid, total_sats, output_count`,
    [batchId, to, reason.slice(0, 2000), JSON.stringify(from), dropped?.spentByTxid ?? null, height, dropped?.watchUntilHeight ?? null],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  // The release takes effect after the plan's height at the earliest, so the next plan's asOfHeight (and hash, and
  // batch ids) always differ from the released plan's: the signer would answer a reused batch id with the old tx.
  await tx.query(
    `INSERT INTO ledger_entries (kind, address, amount_sats, height, payout_batch_id)
     SELECT 'payout_release', o.address, o.amount_sats, GREATEST($2::int, p.as_of_height + 1), o.batch_id
     FROM payout_outputs o JOIN payout_batches b USING (batch_id) JOIN payout_plans p ON p.plan_hash = b.plan_hash
     WHERE o.batch_id = $1`,
    [batchId, height],
  );
  const b = toSettled(row);
  await writeOutbox(tx, {
    kind: 'payout_failed',
    severity: 'critical',
    dedupeKey: `payout_failed:${batchId}`,
    payload: { planHash: b.planHash, batchId, txid: b.txid, reason: `${to}: ${reason}`.slice(0, 500), totalSats: b.totalSats.toString() },
  });
  await finishPlanIfDone(tx, b.planHash);
  return b;
}

/**
 * A dropped batch's tx was mined after all and is buried >= PPM_PAYOUT_CONFIRMATIONS: its recipients were paid
 * by it. Records the block on the batch and, per output, a payout_reserve + payout_paid pair keyed
 * '<batch_id>:late' (balance -> paid: the release had returned the amounts; if they were paid again since, the
 * balance goes negative, a debt netted against later shares), and a critical payout_dropped_confirmed, in the
 * caller's transaction. Returns undefined when already recorded.
 */
export async function settleLateConfirmed(
  tx: Queryable, batchId: string, seen: { blockHeight: number; blockHash: string | null },
): Promise<SettledBatch | undefined> {
  const r = await tx.query<SettledRow>(
    `UPDATE payout_batches SET late_confirmed_height = $2, late_block_hash = $3, checked_at = now(),
       error = $4
     WHERE batch_id = $1 AND state = 'dropped' AND late_confirmed_height IS NULL
     RETURNING plan_hash, txid, total_sats, output_count`,
    [batchId, seen.blockHeight, seen.blockHash, `dropped, then mined after all at height ${seen.blockHeight}: counted as paid`],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  for (const kind of ['payout_reserve', 'payout_paid']) {
    await tx.query(
      `INSERT INTO ledger_entries (kind, address, amount_sats, height, payout_batch_id)
       SELECT $2, address, amount_sats, $3, batch_id || ':late' FROM payout_outputs WHERE batch_id = $1`,
      [batchId, kind, seen.blockHeight],
    );
  }
  const b = toSettled(row);
  await writeOutbox(tx, {
    kind: 'payout_dropped_confirmed',
    dedupeKey: `payout_dropped_confirmed:${batchId}`,
    payload: { planHash: b.planHash, batchId, txid: b.txid ?? '', blockHeight: seen.blockHeight, totalSats: b.totalSats.toString(), outputs: b.outputCount },
  });
  return b;
}

/** executing -> done once every batch of the plan is final. */
export async function finishPlanIfDone(tx: Queryable, planHash: string): Promise<void> {
  await tx.query(
    `UPDATE payout_plans SET status = 'done' WHERE plan_hash = $1 AND status = 'executing'
       AND NOT EXISTS (SELECT 1 FROM payout_batches WHERE plan_hash = $1 AND state NOT IN ('paid', 'dropped', 'failed'))`,
    [planHash],
  );
}
