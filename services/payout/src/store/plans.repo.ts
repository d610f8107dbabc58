import type { Queryable } from '@ppm/ledger';
import type { PayoutPlan, PlanSettings } from '../domain/plan';
import { planContentFromJson, planContentToJson } from '../domain/plan-json';
import type { OperatorApproval, PayoutPlanContent } from '@ppm/chain';

/** payout_plans.status */
export type PlanStatus = 'planned' | 'approved' | 'executing' | 'done' | 'superseded';

/** A stored plan. */
export interface StoredPlan {
  readonly hash: string;
  readonly status: PlanStatus;
  readonly content: PayoutPlanContent;
  /** The settings it was planned with (null for rows written before migration 101). */
  readonly minPayoutSats: bigint | null;
  readonly maxOutputsPerTx: number | null;
  readonly supersededBy: string | null;
  /** When the plan was made (epoch ms): it expires PPM_PAYOUT_APPROVAL_TTL later. */
  readonly createdAtMs: number;
  /** The operator's signed approval (manual mode with operator keys), sent to the signer with every batch. */
  readonly operatorApproval: OperatorApproval | null;
}

interface PlanRow {
  plan_hash: string;
  status: PlanStatus;
  plan_json: unknown;
  min_payout_sats: string | null;
  max_outputs_per_tx: number | null;
  superseded_by: string | null;
  created_at_ms: string;
  operator_approval: unknown;
}

const COLUMNS = `plan_hash, status, plan_json, min_payout_sats, max_outputs_per_tx, superseded_by,
  (extract(epoch FROM created_at) * 1000)::bigint::text AS created_at_ms, operator_approval`;

function toApproval(v: unknown): OperatorApproval | null {
  const j = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  if (typeof j !== 'object' || j === null) return null;
  const a = j as Record<string, unknown>;
  if (typeof a.publicKeyHex !== 'string' || typeof a.signatureHex !== 'string') return null;
  return { publicKeyHex: a.publicKeyHex, signatureHex: a.signatureHex, approvedAtMs: Number(a.approvedAtMs), expiresAtMs: Number(a.expiresAtMs) };
}

function toPlan(r: PlanRow): StoredPlan {
  const json = typeof r.plan_json === 'string' ? (JSON.parse(r.plan_json) as unknown) : r.plan_json;
  return {
    hash: r.plan_hash,
    status: r.status,
    content: planContentFromJson(json),
    minPayoutSats: r.min_payout_sats === null ? null : BigInt(r.min_payout_sats),
    maxOutputsPerTx: r.max_outputs_per_tx,
    supersededBy: r.superseded_by,
    createdAtMs: Number(r.created_at_ms),
    operatorApproval: toApproval(r.operator_approval),
  };
}

/** Stores the operator's approval of a plan (the signer verifies it; the database only carries it). */
export async function setOperatorApproval(q: Queryable, hash: string, a: OperatorApproval): Promise<void> {
  await q.query('UPDATE payout_plans SET operator_approval = $2 WHERE plan_hash = $1', [hash, JSON.stringify({
    publicKeyHex: a.publicKeyHex, signatureHex: a.signatureHex, approvedAtMs: String(a.approvedAtMs), expiresAtMs: String(a.expiresAtMs),
  })]);
}

/** Inserts a plan; returns false when a plan with this hash already exists (nothing changed). */
export async function insertPlan(q: Queryable, plan: PayoutPlan, status: PlanStatus, s: PlanSettings): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO payout_plans (plan_hash, network, as_of_height, status, total_sats, delegates, batch_count, plan_json,
       min_payout_sats, max_outputs_per_tx, approved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $4 = 'approved' THEN now() END)
     ON CONFLICT (plan_hash) DO NOTHING`,
    [plan.hash, plan.content.network, plan.content.asOfHeight, status, plan.totalSats, plan.delegatesPaid, plan.batches.length,
      JSON.stringify(planContentToJson(plan.content)), s.PPM_MIN_PAYOUT_SATS, s.PPM_MAX_OUTPUTS_PER_TX],
  );
  return r.rowCount > 0;
}

/** One plan, or undefined. `forUpdate` locks the row inside a transaction. */
export async function getPlan(q: Queryable, hash: string, forUpdate = false): Promise<StoredPlan | undefined> {
  const r = await q.query<PlanRow>(`SELECT ${COLUMNS} FROM payout_plans WHERE plan_hash = $1${forUpdate ? ' FOR UPDATE' : ''}`, [hash]);
  const row = r.rows[0];
  return row ? toPlan(row) : undefined;
}

/** Plans in any of `statuses`, oldest first. */
export async function listPlans(q: Queryable, statuses: readonly PlanStatus[]): Promise<StoredPlan[]> {
  const r = await q.query<PlanRow>(
    `SELECT ${COLUMNS} FROM payout_plans WHERE status IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY created_at, plan_hash`,
    [JSON.stringify(statuses)],
  );
  return r.rows.map(toPlan);
}

/** Moves a plan from one of `from` to `to`; returns false when it was not in `from` (someone else moved it). */
export async function setPlanStatus(q: Queryable, hash: string, from: readonly PlanStatus[], to: PlanStatus, approvedBy?: string): Promise<boolean> {
  const r = await q.query(
    `UPDATE payout_plans SET status = $2,
       approved_at = CASE WHEN $2 = 'approved' THEN now() ELSE approved_at END,
       approved_by = CASE WHEN $2 = 'approved' THEN $4 ELSE approved_by END
     WHERE plan_hash = $1 AND status IN (SELECT jsonb_array_elements_text($3::jsonb))`,
    [hash, to, JSON.stringify(from), approvedBy ?? null],
  );
  return r.rowCount > 0;
}

/** Marks every waiting (`planned`) plan other than `keep` superseded by `by`. */
export async function supersedeWaiting(q: Queryable, by: string): Promise<string[]> {
  const r = await q.query<{ plan_hash: string }>(
    `UPDATE payout_plans SET status = 'superseded', superseded_by = $1 WHERE status = 'planned' AND plan_hash <> $1 RETURNING plan_hash`,
    [by],
  );
  return r.rows.map((x) => x.plan_hash);
}

/** Starts a waiting plan's time to live again (an expired plan proposed anew, unchanged). */
export async function renewPlan(q: Queryable, hash: string): Promise<void> {
  await q.query(`UPDATE payout_plans SET created_at = now() WHERE plan_hash = $1 AND status = 'planned'`, [hash]);
}
