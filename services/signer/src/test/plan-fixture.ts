import { batchIdFor, planHash, planOutputJson, type NetworkName, type PlanOutput } from '@ppm/chain';
import type { PayoutPlan, SignBatchRequest } from '@ppm/proto';

/** A payout plan as the payout service would send it, built from [address, sats] pairs per batch. */
export interface PlanFixture {
  readonly hash: string;
  readonly plan: PayoutPlan;
  readonly batchIds: readonly string[];
  /** The SignBatch request for batch `index`. */
  request(index?: number): SignBatchRequest;
}

/** Builds a plan with its real hash and batch ids. */
export function makePlan(batches: readonly (readonly [string, bigint])[][], network: NetworkName = 'regtest', asOfHeight = 6_000): PlanFixture {
  const hash = planHash({ network, asOfHeight, batches: batches.map((b) => b.map(([address, amountSats]) => ({ address, amountSats }))) });
  const batchIds = batches.map((_, i) => batchIdFor(hash, i));
  const plan: PayoutPlan = {
    network,
    asOfHeight: String(asOfHeight),
    batches: batches.map((b, i) => ({ batchId: batchIds[i] ?? '', outputs: b.map(([address, sats]) => ({ address, amountSats: sats.toString() })) })),
  };
  return {
    hash,
    plan,
    batchIds,
    request: (index = 0) => ({ batchId: batchIds[index] ?? '', planHash: hash, plan }),
  };
}

/** Like {@link makePlan}, from full outputs (redirects with paidTo and signature included). */
export function makePlanOf(batches: readonly (readonly PlanOutput[])[], network: NetworkName = 'regtest', asOfHeight = 6_000): PlanFixture {
  const hash = planHash({ network, asOfHeight, batches });
  const batchIds = batches.map((_, i) => batchIdFor(hash, i));
  const plan: PayoutPlan = { network, asOfHeight: String(asOfHeight), batches: batches.map((b, i) => ({ batchId: batchIds[i] ?? '', outputs: b.map(planOutputJson) })) };
  return { hash, plan, batchIds, request: (index = 0) => ({ batchId: batchIds[index] ?? '', planHash: hash, plan }) };
}
