import { writeOutbox } from '@ppm/ledger';
import { RetryableError } from '@ppm/runtime';
import type { PayoutContext } from '../context';
import { classifyBroadcastError, classifySent, type BroadcastOutcome } from '../domain/broadcast-outcome';
import { listPlanBatches, recordBroadcast, recordError, type StoredBatch } from '../store/batches.repo';
import { rethrowCrash } from './crash-point';
import { noteInputsMissing } from './inputs-missing';

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
 * signed -> broadcast. Sends exactly the stored bytes (never asks for a new transaction): "sent", "already in the
 * mempool" (same txid back) and -27 "already in block chain" all count as sent. When the last batch of the plan is
 * out, one payout_broadcast message lists every txid (same transaction as the state change).
 */
export async function broadcastBatch(ctx: PayoutContext, batch: StoredBatch): Promise<void> {
  const log = ctx.log.child({ batchId: batch.batchId, planHash: batch.planHash, txid: batch.txid });
  const outcome = await sendStored(ctx, batch);
  if (outcome.kind === 'inputs-missing') {
    await noteInputsMissing(ctx, batch, outcome.message);
    return;
  }
  if (outcome.kind !== 'sent') {
    await recordError(ctx.db, batch.batchId, `broadcast: ${outcome.message}`);
    throw new RetryableError(`broadcast of batch ${batch.batchId} not accepted yet: ${outcome.message}`);
  }
  ctx.crashAt?.('after-broadcast');
  await ctx.db.transaction(async (tx) => {
    if (!(await recordBroadcast(tx, batch.batchId))) return;
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
  log.info('payout batch broadcast');
  ctx.crashAt?.('after-record-broadcast');
}
