import type { PayoutContext } from '../context';
import { recordTracking, type StoredBatch } from '../store/batches.repo';
import { releaseBatch } from '../store/settle.repo';

/**
 * The node answered -25 "missing or spent inputs" to our stored tx. That tx can then never be mined on this chain,
 * unless the block that spent its inputs is reorganised away. So `dropped` (amounts back to balances, critical
 * alert) only once the answer has held for PPM_PAYOUT_CONFIRMATIONS blocks, the same depth we trust for our own
 * payments; until then the batch keeps its state and the height the answer was first seen.
 */
export async function noteInputsMissing(ctx: PayoutContext, batch: StoredBatch, message: string): Promise<'dropped' | 'waiting'> {
  const tip = await ctx.rpc.getblockcount();
  const since = batch.inputsMissingSinceHeight ?? tip;
  const log = ctx.log.child({ batchId: batch.batchId, txid: batch.txid, sinceHeight: since, tipHeight: tip });
  if (tip - since >= ctx.settings.PPM_PAYOUT_CONFIRMATIONS) {
    const released = await ctx.db.transaction((tx) => releaseBatch(tx, batch.batchId, 'dropped',
      `inputs missing or spent by another transaction since height ${since} (${message})`, tip));
    if (released) log.error('payout tx can never confirm: dropped, amounts returned to balances');
    return 'dropped';
  }
  await recordTracking(ctx.db, batch.batchId, { confirmations: 0, blockHash: null, blockHeight: null, inputsMissingSinceHeight: since, error: `inputs missing: ${message}` });
  log.warn('payout tx inputs missing or spent; waiting for depth before declaring it dropped');
  return 'waiting';
}
