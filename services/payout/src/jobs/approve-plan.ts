import type { NetworkName, OperatorApproval } from '@ppm/chain';
import type { Db } from '@ppm/ledger';
import { PermanentError } from '@ppm/runtime';
import type { PlanSettings } from '../domain/plan';
import { getPlan, insertPlan, renewPlan, setOperatorApproval, setPlanStatus, supersedeWaiting, type PlanStatus } from '../store/plans.repo';
import { readRecentCreditHeights } from '../store/balances.repo';
import { writeFeeSplit } from '../store/fee-split.repo';
import { planNow, storeWaiting } from './propose-plan';

/** Approval refused because the plan no longer holds (a change at or below its cut, or it expired); a new plan waits. */
export class PlanChangedError extends PermanentError {
  override readonly name = 'PlanChangedError';
  constructor(readonly planHash: string, readonly newPlanHash: string | null, reason = 'balances changed since it was made (a reorg or a released payout)') {
    super(newPlanHash
      ? `payout plan ${planHash} is out of date: ${reason}. ` +
        `It is superseded; the new plan ${newPlanHash} waits for approval: review it with \`ppm payout plan\`, then \`ppm payout approve ${newPlanHash}\``
      : `payout plan ${planHash} is out of date: ${reason}; no balance reaches the minimum any more; nothing to pay`);
  }
}

/** Signs an approval of a plan with the operator's key (`ppm payout approve` with PPM_OPERATOR_KEY_FILE). */
export type ApprovalSigner = (plan: { hash: string; network: NetworkName; expiresAtMs: number }) => OperatorApproval;

/** Options of {@link approve}. */
export interface ApproveOptions {
  /** PPM_PAYOUT_APPROVAL_TTL in ms: a plan older than this is not approved (default 48 h). */
  readonly ttlMs?: number;
  /** Signs the approval for the signer (manual mode with operator keys). */
  readonly sign?: ApprovalSigner;
  readonly nowMs?: number;
}

const DEFAULT_TTL_MS = 48 * 3_600_000;
/** How many recent credit heights an unstored dry-run hash is looked for at (each is one balance query). */
const DRY_RUN_CUTS_SEARCHED = 100;

/**
 * Releases exactly the plan `hash` for execution, and only if planning again on its frozen cut (its asOfHeight,
 * with the settings it was made with) gives the same hash: new rewards above the cut carry to the next plan, so
 * new blocks never invalidate an approval; a reorg at or below the cut or a released payout does. A plan older
 * than the TTL expires. Otherwise the old plan becomes `superseded`, the current one is stored waiting (the
 * operator is notified) and a {@link PlanChangedError} says which hash to approve. With `sign`, the operator's
 * signed approval is stored with the plan for the signer. Approving an approved, executing or finished plan is a
 * no-op that reports its status (an approved plan without a signature gets one).
 */
export async function approve(
  db: Db, hash: string, fallback?: PlanSettings, approvedBy = 'cli', opts: ApproveOptions = {},
): Promise<{ planHash: string; status: PlanStatus; approval: OperatorApproval | null }> {
  const ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
  const now = opts.nowMs ?? Date.now();
  const r = await db.transaction(async (tx) => {
    const signAndStore = async (network: NetworkName, createdAtMs: number): Promise<OperatorApproval | null> => {
      if (!opts.sign) return null;
      const a = opts.sign({ hash, network, expiresAtMs: createdAtMs + ttlMs });
      await setOperatorApproval(tx, hash, a);
      return a;
    };
    const stored = await getPlan(tx, hash, true);
    if (!stored) {
      // A hash from the dry run (`ppm payout plan`) that was never stored: it is released only if it is still
      // exactly the plan the ledger gives (the dry run's cut is the latest credited height, so new blocks without
      // new rewards keep it).
      if (!fallback) throw new PermanentError(`unknown payout plan ${hash}: run \`ppm payout plan\` to see the current plan`);
      let current = await planNow(tx, fallback);
      if (current.hash !== hash) {
        // The dry run may have been made on an earlier cut (rewards were credited since): try the recent ones.
        for (const cut of await readRecentCreditHeights(tx, DRY_RUN_CUTS_SEARCHED)) {
          const at = await planNow(tx, fallback, cut);
          if (at.hash === hash) {
            current = at;
            break;
          }
        }
      }
      if (current.hash !== hash || current.batches.length === 0) {
        throw new PermanentError(`payout plan ${hash} is not the current plan${current.batches.length > 0 ? ` (the current plan is ${current.hash})` : ' (nothing to pay now)'}: review it with \`ppm payout plan\`, then approve its hash`);
      }
      await supersedeWaiting(tx, hash);
      // The dry run counted this cycle's pool-fee split; the ledger gets it before the plan that pays it.
      await writeFeeSplit(tx, fallback.rules, current.content.asOfHeight);
      await insertPlan(tx, current, 'approved', fallback);
      await setPlanStatus(tx, hash, ['approved'], 'approved', approvedBy);
      // The plan's time to live runs from its stored creation time, as for a scheduled plan.
      const createdAtMs = (await getPlan(tx, hash))?.createdAtMs ?? now;
      return { status: 'approved' as const, approval: await signAndStore(current.content.network, createdAtMs) };
    }
    if (stored.status === 'approved' && !stored.operatorApproval && opts.sign && now <= stored.createdAtMs + ttlMs) {
      return { status: stored.status, approval: await signAndStore(stored.content.network, stored.createdAtMs) };
    }
    if (stored.status === 'approved' || stored.status === 'executing' || stored.status === 'done') {
      return { status: stored.status, approval: stored.operatorApproval };
    }
    if (stored.status === 'superseded') {
      throw new PermanentError(`payout plan ${hash} was superseded${stored.supersededBy ? ` by ${stored.supersededBy}` : ''}; approve the current plan instead`);
    }
    const settings: PlanSettings = {
      PPM_NETWORK: stored.content.network,
      PPM_MIN_PAYOUT_SATS: stored.minPayoutSats ?? fallback?.PPM_MIN_PAYOUT_SATS ?? 0n,
      PPM_MAX_OUTPUTS_PER_TX: stored.maxOutputsPerTx ?? fallback?.PPM_MAX_OUTPUTS_PER_TX ?? 0,
      // The rules in force now: a plan made under other redirects no longer re-plans to its hash.
      rules: fallback?.rules,
    };
    if (settings.PPM_MIN_PAYOUT_SATS <= 0n || settings.PPM_MAX_OUTPUTS_PER_TX < 1) throw new PermanentError(`payout plan ${hash} has no stored settings; pass the config`);
    const expired = now > stored.createdAtMs + ttlMs;
    if (!expired) {
      const again = await planNow(tx, settings, stored.content.asOfHeight);
      if (again.hash === hash) {
        await setPlanStatus(tx, hash, ['planned'], 'approved', approvedBy);
        return { status: 'approved' as const, approval: await signAndStore(stored.content.network, stored.createdAtMs) };
      }
    }
    const reason = expired
      ? `it was made ${new Date(stored.createdAtMs).toISOString()} and expired after PPM_PAYOUT_APPROVAL_TTL`
      : undefined;
    const fresh = await planNow(tx, settings);
    if (expired && fresh.hash === hash) {
      // Nothing changed but time: the same plan is proposed again, for a fresh approval window.
      await renewPlan(tx, hash);
      return { status: 'changed' as const, newPlanHash: hash, reason };
    }
    if (fresh.batches.length === 0 || fresh.hash === hash) {
      await setPlanStatus(tx, hash, ['planned'], 'superseded');
      return { status: 'changed' as const, newPlanHash: null, reason };
    }
    await writeFeeSplit(tx, settings.rules, fresh.content.asOfHeight);
    await storeWaiting(tx, fresh, settings, ttlMs);
    return { status: 'changed' as const, newPlanHash: fresh.hash, reason };
  });
  // Thrown after the commit: the supersede and the new waiting plan are kept.
  if (r.status === 'changed') throw new PlanChangedError(hash, r.newPlanHash ?? null, ...(r.reason ? [r.reason] : []));
  return { planHash: hash, status: r.status, approval: r.approval };
}
