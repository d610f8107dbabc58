import { lookupTx } from '@ppm/qtum-rpc';
import type { PayoutContext } from '../context';
import { recordError, recordTracking, type StoredBatch } from '../store/batches.repo';
import { settlePaid } from '../store/settle.repo';
import { sendStored } from './broadcast-batch';
import { settleRefused } from './settle-refused';

/**
 * Follows one broadcast/confirmed batch by its txid (txindex + mempool), never by an error code:
 * - in a block with >= PPM_PAYOUT_CONFIRMATIONS -> paid (payout_paid entries + payout_confirmed, one transaction);
 * - in a block with fewer -> confirmed (a reorg can send it back to broadcast);
 * - in the mempool -> nothing to do;
 * - the txindex cannot tell yet (-5 "still being indexed") -> waits, sends nothing, concludes nothing;
 * - absent (index built, not mined, not in the mempool) -> re-broadcast the stored bytes: accepted -> back in the
 *   mempool; -25 missing/spent inputs -> settleRefused (dropped only when a different spender is buried deep
 *   enough); any other rejection -> noted, retried next time.
 */
export async function trackBatch(ctx: PayoutContext, batch: StoredBatch, tip: number): Promise<void> {
  if (!batch.txid) return;
  const seen = await lookupTx(ctx.rpc, batch.txid);
  if (seen.where === 'chain') {
    const blockHeight = tip - seen.confirmations + 1;
    if (seen.confirmations >= ctx.settings.PPM_PAYOUT_CONFIRMATIONS) {
      const settled = await ctx.db.transaction((tx) => settlePaid(tx, batch.batchId, { confirmations: seen.confirmations, blockHash: seen.blockHash, blockHeight }));
      if (settled) ctx.log.info({ batchId: batch.batchId, txid: batch.txid, confirmations: seen.confirmations }, 'payout batch paid');
      return;
    }
    await recordTracking(ctx.db, batch.batchId, { confirmations: seen.confirmations, blockHash: seen.blockHash, blockHeight, inputsMissingSinceHeight: null, error: null });
    return;
  }
  if (seen.where === 'mempool') {
    await recordTracking(ctx.db, batch.batchId, { confirmations: 0, blockHash: null, blockHeight: null, inputsMissingSinceHeight: null, error: null });
    return;
  }
  if (seen.where === 'not-indexed') {
    ctx.log.warn({ batchId: batch.batchId, txid: batch.txid, reason: seen.reason }, 'the node cannot look payout txs up yet (txindex building); waiting');
    await recordError(ctx.db, batch.batchId, `waiting: txindex not ready (${seen.reason})`);
    return;
  }
  const outcome = await sendStored(ctx, batch);
  if (outcome.kind === 'sent') {
    ctx.log.warn({ batchId: batch.batchId, txid: batch.txid }, 'payout tx had left the mempool: re-broadcast');
    await recordTracking(ctx.db, batch.batchId, { confirmations: 0, blockHash: null, blockHeight: null, inputsMissingSinceHeight: null, error: null });
  } else if (outcome.kind === 'inputs-missing') {
    await settleRefused(ctx, batch, outcome.message);
  } else {
    ctx.log.warn({ batchId: batch.batchId, txid: batch.txid, reason: outcome.message }, 'payout tx not in mempool and re-broadcast refused; will retry');
    await recordError(ctx.db, batch.batchId, `re-broadcast: ${outcome.message}`);
  }
}
