import { PermanentError } from '@ppm/runtime';
import type { PayoutContext } from '../context';
import { nextStep } from '../domain/batch-state';
import { planFromContent, type PayoutPlan } from '../domain/plan';
import { getBatch, listPlanBatches, type StoredBatch } from '../store/batches.repo';
import { getPlan } from '../store/plans.repo';
import { broadcastBatch } from './broadcast-batch';
import { reservePlan } from './reserve-plan';
import { signBatch } from './sign-batch';

/**
 * Moves one batch forward from its stored state until it is out (broadcast) or final: reserved -> sign,
 * signed -> broadcast. Tracking (broadcast/confirmed) is the tracker's. Each step re-reads the row, so a crash
 * or a concurrent runner anywhere resumes from what is stored, never from memory.
 */
export async function advanceBatch(ctx: PayoutContext, plan: PayoutPlan, batchId: string): Promise<StoredBatch | undefined> {
  if (ctx.busy.has(batchId)) return getBatch(ctx.db, batchId);
  ctx.busy.add(batchId);
  try {
    for (;;) {
      const batch = await getBatch(ctx.db, batchId);
      if (!batch) throw new Error(`batch ${batchId} not found`);
      const step = nextStep(batch.state);
      if (step === 'sign') await signBatch(ctx, plan, batch);
      else if (step === 'broadcast') {
        const before = batch.inputsMissingSinceHeight;
        await broadcastBatch(ctx, batch);
        const after = await getBatch(ctx.db, batchId);
        // Inputs missing and waiting for depth: the tracker decides later; do not spin here.
        if (after?.state === 'signed' && (after.inputsMissingSinceHeight !== null || before !== null)) return after;
      } else return batch;
    }
  } finally {
    ctx.busy.delete(batchId);
  }
}

/**
 * Executes an approved plan: reserve (once), then sign and broadcast each batch in order. Resumable from any
 * point: a retried job or a restarted process calls this again and continues from the stored states.
 * Resolves with the batches once every one of them is broadcast (or final).
 */
export async function executePlan(ctx: PayoutContext, hash: string): Promise<StoredBatch[]> {
  const stored = await getPlan(ctx.db, hash);
  if (!stored) throw new PermanentError(`unknown payout plan ${hash}`);
  if (stored.status === 'planned') throw new PermanentError(`payout plan ${hash} waits for approval: ppm payout approve ${hash}`);
  if (stored.status === 'superseded') throw new PermanentError(`payout plan ${hash} was superseded${stored.supersededBy ? ` by ${stored.supersededBy}` : ''}`);
  if (stored.status === 'approved') {
    const r = await reservePlan(ctx, hash);
    if (r.kind === 'superseded') throw new PermanentError(`payout plan ${hash} superseded: ${r.reason}`);
    if (r.kind === 'reserved') ctx.crashAt?.('after-reserve');
  }
  const plan = planFromContent(stored.content);
  if (plan.hash !== hash) throw new PermanentError(`stored plan ${hash} hashes to ${plan.hash}`);
  for (const b of await listPlanBatches(ctx.db, hash)) await advanceBatch(ctx, plan, b.batchId);
  return listPlanBatches(ctx.db, hash);
}
