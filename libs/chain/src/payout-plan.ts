import { contentHash } from './canonical-json';
import type { NetworkName } from './network';

/**
 * One payment of a plan. `address` is the delegate whose balance it pays (the ledger debits it). With a signed
 * redirect (PPM_RULES_FILE), `paidTo` is the address the transaction pays instead and `redirectSignature` is the
 * delegate's signature of the redirect message; both are absent for a payment to the delegate itself.
 */
export interface PlanOutput {
  readonly address: string;
  readonly amountSats: bigint;
  readonly paidTo?: string | undefined;
  readonly redirectSignature?: string | undefined;
}

/** The address a plan output's transaction output pays: the redirect's target, else the delegate. */
export function paidToOf(o: PlanOutput): string {
  return o.paidTo ?? o.address;
}

/**
 * The canonical JSON form of an output (amount as a decimal string). The redirect fields appear only on a
 * redirected output, so a plan without redirects hashes exactly as before they existed.
 */
export function planOutputJson(o: PlanOutput): { address: string; amountSats: string; paidTo?: string; redirectSignature?: string } {
  return {
    address: o.address,
    amountSats: o.amountSats.toString(),
    ...(o.paidTo !== undefined ? { paidTo: o.paidTo, redirectSignature: o.redirectSignature ?? '' } : {}),
  };
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
    batches: plan.batches.map((b) => b.map(planOutputJson)),
  });
}

/** The id of batch `index` of the plan with hash `hash`: stable, unique per plan and batch. */
export function batchIdFor(hash: string, index: number): string {
  return `${hash.slice(0, 32)}-${index}`;
}
