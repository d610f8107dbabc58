import { writeOutbox } from '@ppm/ledger';
import { RetryableError } from '@ppm/runtime';
import { lookupTx, type TxSighting } from '@ppm/qtum-rpc';
import type { PayoutContext } from '../context';
import { classifyBroadcastError, classifySent, type BroadcastOutcome } from '../domain/broadcast-outcome';
import { listPlanBatches, recordBroadcast, recordError, recordTracking, type StoredBatch } from '../store/batches.repo';
import { rethrowCrash } from './crash-point';
import { settleRefused } from './settle-refused';

/** Sends the stored raw tx; classifies the node's answer (see domain/broadcast-outcome.ts). */
export async function sendStored(ctx: PayoutContext, batch: StoredBatch): Promise<BroadcastOutcome> {
  if (!batch.rawTx || !batch.txid) throw new Error(`batch ${batch.batchId} has no stored transaction`);
  try {
    return classifySent(await ctx.rpc.sendrawtransaction(batch.rawTx), batch.txid);
  } catch (err) {
    rethrowCrash(err);
    return classifyBroadcastError(err);
  }
}

/**
 * signed -> broadcast. First looks our txid up: a batch left `signed` by a crash may have been sent, mined and
 * even had all its outputs spent (qtumd then answers -25 to a re-send). Found in a block or the mempool -> it is
 * out (broadcast; the tracker follows it). Otherwise sends exactly the stored bytes (never asks for a new
 * transaction): "sent", "already in the mempool" (same txid back) and -27 all count as sent; -25 missing/spent
 * inputs goes to settleRefused, which decides from the chain. When the last batch of the plan is out, one
 * payout_broadcast message lists every txid (same transaction as the state change).
 */
export async function broadcastBatch(ctx: PayoutContext, batch: StoredBatch): Promise<void> {
  if (!batch.txid) throw new Error(`batch ${batch.batchId} has no stored transaction`);
  const log = ctx.log.child({ batchId: batch.batchId, planHash: batch.planHash, txid: batch.txid });
  const seen = await lookupTx(ctx.rpc, batch.txid);
  if (seen.where === 'chain' || seen.where === 'mempool') {
    log.warn({ where: seen.where }, 'stored payout tx already out (sent before a crash or a lost reply): recorded as broadcast');
    await markBroadcast(ctx, batch, seen);
    return;
  }
  // Absent, or the txindex cannot tell yet: sending the same bytes is harmless (it is the same tx, it cannot
  // pay twice); only what is concluded from the answer matters, and settleRefused concludes nothing unproven.
  const outcome = await sendStored(ctx, batch);
  if (outcome.kind === 'inputs-missing') {
    await settleRefused(ctx, batch, outcome.message);
    return;
  }
  if (outcome.kind !== 'sent') {
    await recordError(ctx.db, batch.batchId, `broadcast: ${outcome.message}`);
    throw new RetryableError(`broadcast of batch ${batch.batchId} not accepted yet: ${outcome.message}`);
  }
  ctx.crashAt?.('after-broadcast');
  await markBroadcast(ctx, batch, undefined);
  log.info('payout batch broadcast');
  ctx.crashAt?.('after-record-broadcast');
}

/** Records signed -> broadcast (and the confirmations when already mined) plus the plan's payout_broadcast. */
async function markBroadcast(ctx: PayoutContext, batch: StoredBatch, seen: TxSighting | undefined): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await recordBroadcast(tx, batch.batchId))) return;
    if (seen?.where === 'chain') {
      const tip = await ctx.rpc.getblockcount();
      await recordTracking(tx, batch.batchId, { confirmations: seen.confirmations, blockHash: seen.blockHash, blockHeight: tip - seen.confirmations + 1, inputsMissingSinceHeight: null, error: null });
    }
    const all = await listPlanBatches(tx, batch.planHash);
    if (all.some((b) => b.state === 'reserved' || b.state === 'signed')) return;
    const out = all.filter((b) => b.txid && (b.state === 'broadcast' || b.state === 'confirmed' || b.state === 'paid'));
    await writeOutbox(tx, {
      kind: 'payout_broadcast',
      dedupeKey: `payout_broadcast:${batch.planHash}`,
      payload: {
        planHash: batch.planHash,
        txids: out.map((b) => b.txid ?? ''),
        outputs: out.reduce((n, b) => n + b.outputCount, 0),
        totalSats: out.reduce((t, b) => t + b.totalSats, 0n).toString(),
        feeSats: out.reduce((t, b) => t + (b.feeSats ?? 0n), 0n).toString(),
      },
    });
  });
}
