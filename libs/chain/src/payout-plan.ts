import { contentHash } from './canonical-json';
import type { NetworkName } from './network';

/** One payment of a plan. */
export interface PlanOutput {
  readonly address: string;
  readonly amountSats: bigint;
}

/** The hashed content of a payout plan. Batch ids are derived from the hash, so they are not part of it. */
export interface PayoutPlanContent {
  readonly network: NetworkName;
  /** Height of the last applied block whose balances the plan pays. */
  readonly asOfHeight: number;
  /** Each inner array is one transaction's outputs, sorted by address. */
  readonly batches: readonly (readonly PlanOutput[])[];
}

/** The plan hash: sha256 hex of the canonical JSON of {@link PayoutPlanContent} (amounts as decimal strings). */
export function planHash(plan: PayoutPlanContent): string {
  return contentHash({
    network: plan.network,
    asOfHeight: plan.asOfHeight,
    batches: plan.batches.map((b) => b.map((o) => ({ address: o.address, amountSats: o.amountSats.toString() }))),
  });
}

/** The id of batch `index` of the plan with hash `hash`: stable, unique per plan and batch. */
export function batchIdFor(hash: string, index: number): string {
  return `${hash.slice(0, 32)}-${index}`;
}
