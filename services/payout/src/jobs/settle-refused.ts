import { writeOutbox } from '@ppm/ledger';
import { whoSpentInputs } from '@ppm/qtum-rpc';
import type { PayoutContext } from '../context';
import { recordSpender, recordTracking, type StoredBatch } from '../store/batches.repo';
import { releaseBatch } from '../store/settle.repo';

/** What became of a batch whose stored tx the node refused with -25 missing/spent inputs. */
export type RefusedOutcome = 'dropped' | 'waiting';

/**
 * The node answered -25 "bad-txns-inputs-missingorspent" to our stored tx, which it does not hold (not mined on
 * this chain per its txindex, not in its mempool). The code alone proves nothing: qtumd answers the same for our
 * own mined tx once its outputs are spent, and for a tx whose parent it lost. So the inputs are examined on the
 * chain (whoSpentInputs of @ppm/qtum-rpc's tx-fate):
 * - spent by a different tx buried >= PPM_PAYOUT_CONFIRMATIONS -> `dropped` (amounts back to balances, critical
 *   payout_failed), the spender stored, our txid watched for PPM_PAYOUT_DROP_WATCH_BLOCKS more blocks;
 * - spent by a different tx not yet that deep -> waits (critical payout_stuck once, naming the spender);
 * - a parent unknown to this node -> waits (critical payout_stuck once): peers may still mine it;
 * - spent by our own tx, or the node cannot tell yet -> waits; the next pass looks our txid up again (critical
 *   payout_stuck once if that lasts PPM_PAYOUT_CONFIRMATIONS blocks).
 * Nothing is ever released while waiting.
 */
export async function settleRefused(ctx: PayoutContext, batch: StoredBatch, message: string): Promise<RefusedOutcome> {
  if (!batch.txid || !batch.rawTx) throw new Error(`batch ${batch.batchId} has no stored transaction`);
  const tip = await ctx.rpc.getblockcount();
  const since = batch.inputsMissingSinceHeight ?? tip;
  const log = ctx.log.child({ batchId: batch.batchId, txid: batch.txid, tipHeight: tip });
  const verdict = await whoSpentInputs(ctx.rpc, batch.txid, batch.rawTx);
  const need = ctx.settings.PPM_PAYOUT_CONFIRMATIONS;
  if (verdict.kind === 'spent-elsewhere' && verdict.depth >= need) {
    const reason = `input ${verdict.input} spent by ${verdict.spender}, buried ${verdict.depth} blocks (node: ${message})`;
    const released = await ctx.db.transaction((tx) => releaseBatch(tx, batch.batchId, 'dropped', reason, tip,
      { spentByTxid: verdict.spender, watchUntilHeight: tip + ctx.settings.PPM_PAYOUT_DROP_WATCH_BLOCKS }));
    if (released) log.error({ spender: verdict.spender, depth: verdict.depth }, 'payout tx can never confirm: dropped, amounts returned to balances');
    return 'dropped';
  }
  let note: string;
  let alert: { key: string; reason: string } | undefined;
  let spender: string | null = null;
  switch (verdict.kind) {
    case 'spent-elsewhere':
      spender = verdict.spender;
      note = `input ${verdict.input} spent by ${verdict.spender} at depth ${verdict.depth}; dropped only at depth ${need}`;
      alert = { key: 'conflict', reason: `an input of the payout tx was spent by another transaction ${verdict.spender}; the batch is dropped and its amounts returned only once that transaction is ${need} blocks deep` };
      break;
    case 'parent-missing':
      note = `parent tx ${verdict.parents.join(', ')} unknown to this node; waiting for it (peers may still mine it)`;
      alert = { key: 'parent-missing', reason: `the payout tx spends ${verdict.parents.join(', ')}, which this node does not know (lost from its mempool?); the batch waits: check the node, re-send the parent if you have it` };
      break;
    case 'ours':
      note = `input ${verdict.input} is spent by this very tx: it is mined or in a mempool; looking it up again`;
      break;
    default:
      note = `cannot tell why the inputs are missing yet: ${verdict.reason}`;
  }
  if (!alert && tip - since >= need) {
    // Safe (nothing is released) but not normal for this long: the operator should look at the node.
    alert = { key: 'unresolved', reason: `for ${tip - since} blocks the node has refused the payout tx (missing or spent inputs) without the chain showing why: ${note}. Check that qtumd runs with -txindex and -addrindex and has finished indexing` };
  }
  await ctx.db.transaction(async (tx) => {
    await recordTracking(tx, batch.batchId, { confirmations: 0, blockHash: null, blockHeight: null, inputsMissingSinceHeight: since, error: `waiting: ${note}` });
    await recordSpender(tx, batch.batchId, spender, `waiting: ${note}`);
    if (alert) {
      await writeOutbox(tx, {
        kind: 'payout_stuck',
        dedupeKey: `payout_stuck:${batch.batchId}:${alert.key}`,
        payload: { planHash: batch.planHash, batchId: batch.batchId, txid: batch.txid, reason: alert.reason, totalSats: batch.totalSats.toString() },
      });
    }
  });
  log.warn({ verdict: verdict.kind }, `payout tx refused with missing/spent inputs; waiting: ${note}`);
  return 'waiting';
}
