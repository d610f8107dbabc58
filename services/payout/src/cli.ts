import type { Db } from '@ppm/ledger';
import type { Logger } from '@ppm/runtime';
import type { PayoutRpc } from './chain/payout-rpc';
import { lookupTx } from '@ppm/qtum-rpc';
import { approvalTtlMs, type ExecSettings, type PayoutContext } from './context';
import type { PlanSettings } from './domain/plan';
import { planContentToJson } from './domain/plan-json';
import { planListing, planListingCsv } from './domain/plan-listing';
import { approve, type ApprovalSigner } from './jobs/approve-plan';
import type { CrashHook } from './jobs/crash-point';
import { executePlan } from './jobs/execute-plan';
import { balancesToPay, planNow, proposePlan } from './jobs/propose-plan';
import { toSignerPort, type SignerDep, type SignerPort } from './rpc/signer-port';
import { listAllBatches, type StoredBatch } from './store/batches.repo';
import { listPlans } from './store/plans.repo';

/** `ppm payout plan --json`: the plan as of now, its hash, batches and fee estimate. Changes nothing. */
export interface PlanJson {
  planHash: string;
  network: string;
  asOfHeight: number;
  delegatesPaid: number;
  totalSats: string;
  estimatedFeeSats: string;
  delegatesCarried: number;
  carriedSats: string;
  minPayoutSats: string;
  maxOutputsPerTx: number;
  /** outputs: `address` is the delegate; `paidTo` + `redirectSignature` only on a payment under its signed redirect. */
  batches: {
    batchId: string; index: number; outputCount: number; totalSats: string; estimatedFeeSats: string;
    outputs: { address: string; amountSats: string; paidTo?: string; redirectSignature?: string }[];
  }[];
}

/** The dry run (DESIGN: dry run + approval by plan hash). Reads inside one transaction for a consistent view. */
export async function payoutPlanJson(db: Db, cfg: PlanSettings): Promise<PlanJson> {
  const plan = await db.transaction((tx) => planNow(tx, cfg));
  const json = planContentToJson(plan.content);
  return {
    planHash: plan.hash,
    network: json.network,
    asOfHeight: json.asOfHeight,
    delegatesPaid: plan.delegatesPaid,
    totalSats: plan.totalSats.toString(),
    estimatedFeeSats: plan.estimatedFeeSats.toString(),
    delegatesCarried: plan.delegatesCarried,
    carriedSats: plan.carriedSats.toString(),
    minPayoutSats: cfg.PPM_MIN_PAYOUT_SATS.toString(),
    maxOutputsPerTx: cfg.PPM_MAX_OUTPUTS_PER_TX,
    batches: plan.batches.map((b, i) => ({
      batchId: b.batchId, index: b.index, outputCount: b.outputs.length, totalSats: b.totalSats.toString(),
      estimatedFeeSats: b.estimatedFeeSats.toString(), outputs: json.batches[i] ?? [],
    })),
  };
}

/** `ppm payout plan --csv FILE`: every delegate with the amount the plan pays it or why it pays nothing now. */
export async function payoutPlanCsv(db: Db, cfg: PlanSettings): Promise<{ planHash: string; csv: string }> {
  return db.transaction(async (tx) => {
    const plan = await planNow(tx, cfg);
    const balances = await balancesToPay(tx, cfg, plan.content.asOfHeight);
    return { planHash: plan.hash, csv: planListingCsv(planListing(plan, balances, cfg.PPM_MIN_PAYOUT_SATS, cfg.rules)) };
  });
}

/**
 * `ppm payout approve HASH`. Throws PlanChangedError (with the new hash) when the plan no longer holds on its cut
 * or expired. With `sign` (the operator's key), the signed approval is stored for the signer.
 */
export async function approvePlan(
  db: Db, cfg: PlanSettings & Pick<ExecSettings, 'PPM_PAYOUT_APPROVAL_TTL'>, hash: string, sign?: ApprovalSigner,
): Promise<{ planHash: string; status: string; approvedBy: string | null }> {
  const r = await approve(db, hash, cfg, sign ? 'operator-key' : 'cli', { ttlMs: approvalTtlMs(cfg), ...(sign ? { sign } : {}) });
  return { planHash: r.planHash, status: r.status, approvedBy: r.approval?.publicKeyHex ?? null };
}

/** What {@link runPayout} needs. */
export interface RunPayoutDeps {
  db: Db;
  rpc: PayoutRpc;
  signer: SignerDep | SignerPort;
  log: Logger;
  crashAt?: CrashHook;
}

/** The outcome of {@link runPayout}. */
export interface RunPayoutResult {
  /** nothing: no balance reaches the minimum; waiting_approval: manual mode, approve `planHash`; broadcast: every batch is out. */
  status: 'nothing' | 'waiting_approval' | 'broadcast' | 'already_done';
  planHash: string | null;
  batches: { batchId: string; state: string; txid: string | null; totalSats: string; outputCount: number }[];
}

/** Builds a context for one-shot use (CLI, bench). */
export function createPayoutContext(deps: RunPayoutDeps, cfg: ExecSettings): PayoutContext {
  return { db: deps.db, rpc: deps.rpc, signer: toSignerPort(deps.signer), log: deps.log, settings: cfg, crashAt: deps.crashAt, busy: new Set() };
}

const summary = (b: StoredBatch) => ({ batchId: b.batchId, state: b.state, txid: b.txid, totalSats: b.totalSats.toString(), outputCount: b.outputCount });

/**
 * `ppm payout run [--approve HASH]`: plans and executes now, resolving once every batch is broadcast (tracking to
 * confirmations continues in the service). Plans left approved/executing by an earlier run are finished first. manual mode without `approveHash`: stores the plan and reports
 * waiting_approval. With `approveHash`: approves exactly that plan (refused if balances changed), then executes.
 */
export async function runPayout(deps: RunPayoutDeps, cfg: ExecSettings, opts: { approveHash?: string; sign?: ApprovalSigner } = {}): Promise<RunPayoutResult> {
  const ctx = createPayoutContext(deps, cfg);
  // First finish what an earlier run left open (its amounts are in flight, so a new plan would not see them).
  let resumed: RunPayoutResult | undefined;
  for (const p of await listPlans(deps.db, ['approved', 'executing'])) {
    if (p.hash === opts.approveHash) continue;
    const batches = await executePlan(ctx, p.hash);
    resumed = { status: 'broadcast', planHash: p.hash, batches: batches.map(summary) };
  }
  let hash: string;
  if (opts.approveHash) {
    await approve(deps.db, opts.approveHash, cfg, opts.sign ? 'operator-key' : 'cli', { ttlMs: approvalTtlMs(cfg), ...(opts.sign ? { sign: opts.sign } : {}) });
    hash = opts.approveHash;
  } else {
    const p = await proposePlan(deps.db, cfg);
    if (p.status === 'nothing') return resumed ?? { status: 'nothing', planHash: null, batches: [] };
    if (p.status === 'planned') return { status: 'waiting_approval', planHash: p.plan.hash, batches: [] };
    if (p.status === 'done' || p.status === 'superseded') return resumed ?? { status: 'already_done', planHash: p.plan.hash, batches: [] };
    hash = p.plan.hash;
  }
  const batches = await executePlan(ctx, hash);
  return { status: 'broadcast', planHash: hash, batches: batches.map(summary) };
}

/** One row of `ppm payouts --json` (field names are a contract). */
export interface PayoutListing {
  batchId: string;
  planHash: string;
  state: string;
  txid: string | null;
  /** paidTo only on an output paid under the delegate's signed redirect (the address the transaction paid). */
  outputs: { address: string; amountSats: string; paidTo?: string }[];
  confirmations: number;
}

/** `ppm payouts --json`: every batch, newest first; live confirmations when `rpc` is given. */
export async function listPayouts(db: Db, rpc?: PayoutRpc): Promise<PayoutListing[]> {
  const batches = await listAllBatches(db);
  const r = await db.query<{ batch_id: string; address: string; amount_sats: string; paid_to: string | null }>('SELECT batch_id, address, amount_sats, paid_to FROM payout_outputs');
  const outputs = new Map<string, { address: string; amountSats: string; paidTo?: string }[]>();
  for (const o of r.rows) {
    const list = outputs.get(o.batch_id) ?? [];
    list.push({ address: o.address, amountSats: o.amount_sats, ...(o.paid_to ? { paidTo: o.paid_to } : {}) });
    outputs.set(o.batch_id, list);
  }
  const rows: PayoutListing[] = [];
  for (const b of batches) {
    let confirmations = b.confirmations;
    if (rpc && b.txid && b.state !== 'dropped' && b.state !== 'failed') {
      try {
        const seen = await lookupTx(rpc, b.txid);
        confirmations = seen.where === 'chain' ? seen.confirmations : 0;
      } catch {
        // The node is unreachable: the stored count is the best we have for a listing.
      }
    }
    const outs = (outputs.get(b.batchId) ?? []).sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
    rows.push({ batchId: b.batchId, planHash: b.planHash, state: b.state, txid: b.txid, outputs: outs, confirmations });
  }
  return rows;
}
