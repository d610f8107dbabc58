import { writeOutbox, type Db, type Queryable } from '@ppm/ledger';
import { approvalTtlMs, type ExecSettings } from '../context';
import { buildPlan, type DelegateBalance, type PayoutPlan, type PlanSettings } from '../domain/plan';
import { readBalancesAt, readCreditHeight, readReleaseHeight } from '../store/balances.repo';
import { pendingFeeSplit, writeFeeSplit } from '../store/fee-split.repo';
import { getPlan, insertPlan, setPlanStatus, supersedeWaiting, type PlanStatus } from '../store/plans.repo';

/**
 * Plans from the ledger on a frozen cut (inside `q`, a transaction when consistency matters): the balances through
 * `cut` (default: the latest credited height), which is the plan's asOfHeight. Changes nothing.
 *
 * Without an explicit cut, a plan identical to a finished one (its payouts were all released, no reward credited
 * since) moves its cut to the latest release (which is above the finished plan's cut), so the amounts are paid
 * again under a new hash and new batch ids: the signer's journal would answer the old ids with the old tx.
 */
export async function planNow(q: Queryable, s: PlanSettings, cut?: number): Promise<PayoutPlan> {
  if (cut !== undefined) return buildPlan(await balancesToPay(q, s, cut), cut, s);
  const height = await readCreditHeight(q);
  const plan = buildPlan(await balancesToPay(q, s, height), height, s);
  if ((await getPlan(q, plan.hash))?.status !== 'done') return plan;
  const released = await readReleaseHeight(q);
  return released > height ? buildPlan(await balancesToPay(q, s, released), released, s) : plan;
}

/**
 * The balances a plan on `cut` pays: the ledger's, plus the pool-fee split this cycle makes (rules) and has not
 * written yet. A cycle writes it ({@link writeFeeSplit}) before storing its plan, so the dry run, the stored plan
 * and its approval agree on the hash.
 */
export async function balancesToPay(q: Queryable, s: PlanSettings, cut: number): Promise<DelegateBalance[]> {
  const balances = await readBalancesAt(q, cut);
  const parts = await pendingFeeSplit(q, s.rules, cut);
  if (parts.length === 0) return balances;
  const by = new Map(balances.map((b) => [b.address, b.balanceSats]));
  for (const p of parts) by.set(p.address, (by.get(p.address) ?? 0n) + p.amountSats);
  return [...by].map(([address, balanceSats]) => ({ address, balanceSats }));
}

/** Plans on the latest cut and moves the pool fee to its split addresses on that cut (one payout cycle's ledger step). */
export async function planCycle(tx: Queryable, s: PlanSettings): Promise<PayoutPlan> {
  const plan = await planNow(tx, s);
  await writeFeeSplit(tx, s.rules, plan.content.asOfHeight);
  return plan;
}

/** Dry run: the plan as of now, with hash, batches, estimated fees and totals. Changes nothing. */
export function planPayout(db: Db, cfg: PlanSettings): Promise<PayoutPlan> {
  return db.transaction((tx) => planNow(tx, cfg));
}

/** Stores `plan` as the one waiting for approval: older waiting plans are superseded; the operator is told. */
export async function storeWaiting(tx: Queryable, plan: PayoutPlan, s: PlanSettings, ttlMs = approvalTtlMs({})): Promise<void> {
  const existing = await getPlan(tx, plan.hash, true);
  await supersedeWaiting(tx, plan.hash);
  if (!existing) await insertPlan(tx, plan, 'planned', s);
  else if (existing.status === 'superseded') await setPlanStatus(tx, plan.hash, ['superseded'], 'planned');
  await writeOutbox(tx, {
    kind: 'payout_waiting_approval',
    dedupeKey: `payout_waiting_approval:${plan.hash}`,
    payload: {
      planHash: plan.hash, delegates: plan.delegatesPaid, totalSats: plan.totalSats.toString(), batches: plan.batches.length,
      asOfHeight: plan.content.asOfHeight, expiresAt: new Date(Date.now() + ttlMs).toISOString(),
    },
  });
}

/** The outcome of {@link proposePlan}. */
export interface Proposal {
  /** 'nothing': no balance reaches the minimum. Otherwise the plan's status after proposing. */
  readonly status: 'nothing' | PlanStatus;
  readonly plan: PayoutPlan;
}

/**
 * The scheduled step: plan from the ledger and store the plan. manual: it waits (`planned`) and the operator is
 * notified; auto: it is approved at once. Idempotent: the same balances give the same hash, and a plan that
 * exists keeps its status (a plan already executed is never executed again).
 */
export async function proposePlan(db: Db, s: ExecSettings): Promise<Proposal> {
  return db.transaction(async (tx): Promise<Proposal> => {
    const plan = await planCycle(tx, s);
    if (plan.batches.length === 0) return { status: 'nothing', plan };
    const existing = await getPlan(tx, plan.hash, true);
    if (existing && existing.status !== 'superseded' && existing.status !== 'planned') return { status: existing.status, plan };
    if (s.PPM_PAYOUT_APPROVAL === 'manual') {
      await storeWaiting(tx, plan, s, approvalTtlMs(s));
      return { status: 'planned', plan };
    }
    await supersedeWaiting(tx, plan.hash);
    if (!existing) await insertPlan(tx, plan, 'approved', s);
    else await setPlanStatus(tx, plan.hash, ['planned', 'superseded'], 'approved', 'auto');
    return { status: 'approved', plan };
  });
}
