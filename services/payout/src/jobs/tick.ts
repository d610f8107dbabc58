import type { PayoutContext } from '../context';
import { nextStep } from '../domain/batch-state';
import { planFromContent, type PayoutPlan } from '../domain/plan';
import { anyWatchedDropped, listOpenBatches } from '../store/batches.repo';
import { getPlan, listPlans } from '../store/plans.repo';
import { executePlan, advanceBatch } from './execute-plan';
import { rethrowCrash } from './crash-point';
import { trackBatch } from './track-batch';
import { watchDropped } from './watch-dropped';

/**
 * One pass of recovery and tracking, run at start and then on a timer: executes approved plans (approved by the
 * CLI while we were down), resumes every open batch from its stored state (reserved -> sign, signed ->
 * broadcast), follows broadcast/confirmed ones and keeps watching dropped ones. Errors of one batch are logged and retried next pass.
 */
export async function payoutTick(ctx: PayoutContext): Promise<void> {
  for (const p of await listPlans(ctx.db, ['approved'])) {
    try {
      await executePlan(ctx, p.hash);
    } catch (err) {
      rethrowCrash(err);
      ctx.log.warn({ err, planHash: p.hash }, 'executing approved payout plan failed; will retry');
    }
  }
  const open = await listOpenBatches(ctx.db);
  // The node is asked only when there is something to follow (a node down at start must not fail the service).
  if (open.length === 0 && !(await anyWatchedDropped(ctx.db))) return;
  const tip = await ctx.rpc.getblockcount();
  await watchDropped(ctx, tip);
  if (open.length === 0) return;
  const plans = new Map<string, PayoutPlan>();
  for (const b of open) {
    try {
      const step = nextStep(b.state);
      if (step === 'track') {
        await trackBatch(ctx, b, tip);
        continue;
      }
      let plan = plans.get(b.planHash);
      if (!plan) {
        const stored = await getPlan(ctx.db, b.planHash);
        if (!stored) throw new Error(`plan ${b.planHash} of batch ${b.batchId} missing`);
        plan = planFromContent(stored.content);
        plans.set(b.planHash, plan);
      }
      await advanceBatch(ctx, plan, b.batchId);
    } catch (err) {
      rethrowCrash(err);
      ctx.log.warn({ err, batchId: b.batchId, state: b.state }, 'payout batch step failed; will retry');
    }
  }
}
