import { rethrowCrash } from './crash-point';
import { lookupTx } from '@ppm/qtum-rpc';
import type { PayoutContext } from '../context';
import { listWatchedDropped } from '../store/batches.repo';
import { settleLateConfirmed } from '../store/settle.repo';

/**
 * Keeps looking up the txids of dropped batches until their watch ends (PPM_PAYOUT_DROP_WATCH_BLOCKS after the
 * drop). A dropped tx can only be mined after a reorg deeper than PPM_PAYOUT_CONFIRMATIONS took its spender
 * away; if that happens and it is buried PPM_PAYOUT_CONFIRMATIONS deep, the ledger records it as paid and a
 * critical payout_dropped_confirmed goes out (store/settle.repo.ts settleLateConfirmed).
 */
export async function watchDropped(ctx: PayoutContext, tip: number): Promise<void> {
  for (const b of await listWatchedDropped(ctx.db, tip)) {
    if (!b.txid) continue;
    try {
      const seen = await lookupTx(ctx.rpc, b.txid);
      if (seen.where !== 'chain' || seen.confirmations < ctx.settings.PPM_PAYOUT_CONFIRMATIONS) continue;
      const blockHeight = tip - seen.confirmations + 1;
      const late = await ctx.db.transaction((tx) => settleLateConfirmed(tx, b.batchId, { blockHeight, blockHash: seen.blockHash }));
      if (late) ctx.log.error({ batchId: b.batchId, txid: b.txid, blockHeight }, 'a DROPPED payout tx was mined after all: recorded as paid');
    } catch (err) {
      rethrowCrash(err);
      ctx.log.warn({ err, batchId: b.batchId }, 'watching a dropped payout tx failed; will retry');
    }
  }
}
