import type { Db } from '@ppm/ledger';
import { PermanentError } from '@ppm/runtime';
import type { PlanSettings } from '../domain/plan';
import { getPlan, insertPlan, setPlanStatus, supersedeWaiting, type PlanStatus } from '../store/plans.repo';
import { planNow, storeWaiting } from './propose-plan';

/** Approval refused because the balances changed since the plan was made; a new plan now waits. */
export class PlanChangedError extends PermanentError {
  override readonly name = 'PlanChangedError';
  constructor(readonly planHash: string, readonly newPlanHash: string | null) {
    super(newPlanHash
      ? `payout plan ${planHash} is out of date: balances changed since it was made (new rewards or a reorg). ` +
        `It is superseded; the new plan ${newPlanHash} waits for approval: review it with \`ppm payout plan\`, then \`ppm payout approve ${newPlanHash}\``
      : `payout plan ${planHash} is out of date: no balance reaches the minimum any more; nothing to pay`);
  }
}

/**
 * Releases exactly the plan `hash` for execution, and only if planning again now (with the settings it was made
 * with) gives the same hash. Otherwise the old plan becomes `superseded`, the new one is stored waiting (the
 * operator is notified) and a {@link PlanChangedError} says which hash to approve. Approving an approved,
 * executing or finished plan is a no-op that reports its status.
 */
export async function approve(db: Db, hash: string, fallback?: PlanSettings, approvedBy = 'cli'): Promise<{ planHash: string; status: PlanStatus }> {
  const r = await db.transaction(async (tx) => {
    const stored = await getPlan(tx, hash, true);
    if (!stored) {
      // A hash from the dry run (`ppm payout plan`) that was never stored: it is released only if it is still
      // exactly the plan the ledger gives now.
      if (!fallback) throw new PermanentError(`unknown payout plan ${hash}: run \`ppm payout plan\` to see the current plan`);
      const current = await planNow(tx, fallback);
      if (current.hash !== hash || current.batches.length === 0) {
        throw new PermanentError(`payout plan ${hash} is not the current plan${current.batches.length > 0 ? ` (the current plan is ${current.hash})` : ' (nothing to pay now)'}: review it with \`ppm payout plan\`, then approve its hash`);
      }
      await supersedeWaiting(tx, hash);
      await insertPlan(tx, current, 'approved', fallback);
      await setPlanStatus(tx, hash, ['approved'], 'approved', approvedBy);
      return { status: 'approved' as const };
    }
    if (stored.status === 'approved' || stored.status === 'executing' || stored.status === 'done') return { status: stored.status };
    if (stored.status === 'superseded') {
      throw new PermanentError(`payout plan ${hash} was superseded${stored.supersededBy ? ` by ${stored.supersededBy}` : ''}; approve the current plan instead`);
    }
    const settings: PlanSettings = {
      PPM_NETWORK: stored.content.network,
      PPM_MIN_PAYOUT_SATS: stored.minPayoutSats ?? fallback?.PPM_MIN_PAYOUT_SATS ?? 0n,
      PPM_MAX_OUTPUTS_PER_TX: stored.maxOutputsPerTx ?? fallback?.PPM_MAX_OUTPUTS_PER_TX ?? 0,
    };
    if (settings.PPM_MIN_PAYOUT_SATS <= 0n || settings.PPM_MAX_OUTPUTS_PER_TX < 1) throw new PermanentError(`payout plan ${hash} has no stored settings; pass the config`);
    const fresh = await planNow(tx, settings);
    if (fresh.hash === hash) {
      await setPlanStatus(tx, hash, ['planned'], 'approved', approvedBy);
      return { status: 'approved' as const };
    }
    if (fresh.batches.length === 0) {
      await setPlanStatus(tx, hash, ['planned'], 'superseded');
      return { status: 'changed' as const, newPlanHash: null };
    }
    await storeWaiting(tx, fresh, settings);
    return { status: 'changed' as const, newPlanHash: fresh.hash };
  });
  // Thrown after the commit: the supersede and the new waiting plan are kept.
  if (r.status === 'changed') throw new PlanChangedError(hash, r.newPlanHash ?? null);
  return { planHash: hash, status: r.status };
}
