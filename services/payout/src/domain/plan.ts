import { batchIdFor, planHash, type NetworkName, type PayoutPlanContent, type PlanOutput } from '@ppm/chain';
import { estimateBatchFeeSats } from './fee';

/** What planning needs from the configuration (env names kept, so values grep back to their variable). */
export interface PlanSettings {
  readonly PPM_NETWORK: NetworkName;
  /** Balances at or above this are paid in full; smaller ones carry over. */
  readonly PPM_MIN_PAYOUT_SATS: bigint;
  readonly PPM_MAX_OUTPUTS_PER_TX: number;
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
 * into batches of at most PPM_MAX_OUTPUTS_PER_TX. Pure: the same balances and height give the same hash.
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
    if (b.balanceSats >= s.PPM_MIN_PAYOUT_SATS && b.balanceSats > 0n) paid.push({ address: b.address, amountSats: b.balanceSats });
    else if (b.balanceSats > 0n) {
      delegatesCarried++;
      carriedSats += b.balanceSats;
    }
  }
  paid.sort(byAddress);
  const chunks: PlanOutput[][] = [];
  for (let i = 0; i < paid.length; i += s.PPM_MAX_OUTPUTS_PER_TX) chunks.push(paid.slice(i, i + s.PPM_MAX_OUTPUTS_PER_TX));
  return assemblePlan({ network: s.PPM_NETWORK, asOfHeight, batches: chunks }, delegatesCarried, carriedSats);
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
