import { batchIdFor, paidToOf, planHash, type NetworkName, type PayoutPlanContent, type PlanOutput } from '@ppm/chain';
import type { PayoutRules } from '../rules/payout-rules';
import { estimateBatchBytes, estimateBatchFeeSats, MAX_BATCH_VBYTES } from './fee';

/** What planning needs from the configuration (env names kept, so values grep back to their variable). */
export interface PlanSettings {
  readonly PPM_NETWORK: NetworkName;
  /** Balances at or above this are paid in full; smaller ones carry over. */
  readonly PPM_MIN_PAYOUT_SATS: bigint;
  readonly PPM_MAX_OUTPUTS_PER_TX: number;
  /** The rules file's payout part (signed redirects, pool-fee split); absent: no rules, plans as before. */
  readonly rules?: PayoutRules | undefined;
}

/** A delegate's spendable balance (accrued - in flight - paid). */
export interface DelegateBalance {
  readonly address: string;
  readonly balanceSats: bigint;
}

/** One batch of a plan: one transaction. */
export interface PlannedBatch {
  readonly batchId: string;
  readonly index: number;
  readonly outputs: readonly PlanOutput[];
  readonly totalSats: bigint;
  readonly estimatedFeeSats: bigint;
}

/** A payout plan: the hashed content plus what the operator needs to judge it. */
export interface PayoutPlan {
  readonly content: PayoutPlanContent;
  readonly hash: string;
  readonly batches: readonly PlannedBatch[];
  readonly totalSats: bigint;
  readonly estimatedFeeSats: bigint;
  readonly delegatesPaid: number;
  /** Delegates with 0 < balance < minimum: their balance stays for the next payout. */
  readonly delegatesCarried: number;
  readonly carriedSats: bigint;
}

const byAddress = (a: { address: string }, b: { address: string }) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);

/**
 * Builds the plan (DESIGN rule 8): every balance >= minimum is paid whole, outputs sorted by address and cut
 * into batches of at most PPM_MAX_OUTPUTS_PER_TX outputs and at most {@link MAX_BATCH_VBYTES} estimated bytes,
 * inputs included (see {@link cutPlanBatches}). A delegate with a verified redirect (rules) is paid to the
 * redirect's target: the output keeps the delegate (whose balance the ledger debits) and records the address paid
 * and the signature. Pure: the same balances, height and rules give the same hash.
 */
export function buildPlan(balances: readonly DelegateBalance[], asOfHeight: number, s: PlanSettings): PayoutPlan {
  if (s.PPM_MAX_OUTPUTS_PER_TX < 1) throw new RangeError('PPM_MAX_OUTPUTS_PER_TX must be >= 1');
  const paid: PlanOutput[] = [];
  let delegatesCarried = 0;
  let carriedSats = 0n;
  const seen = new Set<string>();
  for (const b of balances) {
    // Two rows for one address would pay it twice; the store groups by address, so this is a broken invariant.
    if (seen.has(b.address)) throw new Error(`duplicate balance row for ${b.address}`);
    seen.add(b.address);
    if (b.balanceSats >= s.PPM_MIN_PAYOUT_SATS && b.balanceSats > 0n) {
      const r = s.rules?.redirects.get(b.address);
      paid.push(r ? { address: b.address, amountSats: b.balanceSats, paidTo: r.to, redirectSignature: r.signature } : { address: b.address, amountSats: b.balanceSats });
    }
    else if (b.balanceSats > 0n) {
      delegatesCarried++;
      carriedSats += b.balanceSats;
    }
  }
  paid.sort(byAddress);
  return assemblePlan({ network: s.PPM_NETWORK, asOfHeight, batches: cutPlanBatches(paid, s.PPM_MAX_OUTPUTS_PER_TX) }, delegatesCarried, carriedSats);
}

/**
 * A transaction never pays one address twice (createrawtransaction takes an object keyed by address). A redirect
 * target paid for itself and for a redirecting delegate (or for two delegates) is paid by separate outputs in
 * DIFFERENT batches, never merged: each output stays one delegate's payment, so each delegate's Merkle leaf
 * matches one output on chain. Outputs are taken in address order; the n-th output to one address goes to
 * round n, and each round is cut into batches by {@link cutBatches} after the previous round's batches. Without
 * redirects there is one round: exactly the plain cut.
 */
export function cutPlanBatches(outputs: readonly PlanOutput[], maxOutputs: number, maxBytes = MAX_BATCH_VBYTES): PlanOutput[][] {
  const rounds: PlanOutput[][] = [];
  const seen = new Map<string, number>();
  for (const o of outputs) {
    const n = seen.get(paidToOf(o)) ?? 0;
    seen.set(paidToOf(o), n + 1);
    (rounds[n] ??= []).push(o);
  }
  return rounds.flatMap((r) => cutBatches(r, maxOutputs, maxBytes));
}

/**
 * Cuts sorted outputs into batches, in order: a batch closes before an output that would take it over
 * `maxOutputs` outputs or over {@link MAX_BATCH_VBYTES} estimated bytes (its expected inputs, outputs and
 * change: large amounts need many inputs, so a batch paying a lot holds fewer outputs). An output too big for
 * any budget still gets a batch of its own; the wallet then refuses to fund it (a permanent, alerted failure).
 */
export function cutBatches(outputs: readonly PlanOutput[], maxOutputs: number, maxBytes = MAX_BATCH_VBYTES): PlanOutput[][] {
  const chunks: PlanOutput[][] = [];
  let current: PlanOutput[] = [];
  let total = 0n;
  for (const o of outputs) {
    const fits = current.length < maxOutputs && estimateBatchBytes(current.length + 1, total + o.amountSats) <= maxBytes;
    if (!fits && current.length > 0) {
      chunks.push(current);
      current = [];
      total = 0n;
    }
    current.push(o);
    total += o.amountSats;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Rebuilds a plan from its stored canonical content, e.g. to resume or sign it (carry-over is not stored). */
export function planFromContent(content: PayoutPlanContent): PayoutPlan {
  return assemblePlan(content, 0, 0n);
}

function assemblePlan(content: PayoutPlanContent, delegatesCarried: number, carriedSats: bigint): PayoutPlan {
  const hash = planHash(content);
  const batches = content.batches.map((outputs, index): PlannedBatch => {
    const totalSats = outputs.reduce((t, o) => t + o.amountSats, 0n);
    return { batchId: batchIdFor(hash, index), index, outputs, totalSats, estimatedFeeSats: estimateBatchFeeSats(outputs.length, totalSats) };
  });
  return {
    content,
    hash,
    batches,
    totalSats: batches.reduce((t, b) => t + b.totalSats, 0n),
    estimatedFeeSats: batches.reduce((t, b) => t + b.estimatedFeeSats, 0n),
    delegatesPaid: batches.reduce((t, b) => t + b.outputs.length, 0),
    delegatesCarried,
    carriedSats,
  };
}
