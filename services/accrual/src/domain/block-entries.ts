import type { WeightEntry } from '@ppm/chain';
import { splitWithRules, type DelegateRules, type RuledSplit } from '@ppm/rules';
import { PermanentError } from '@ppm/runtime';

/** The ledger entry kinds a block's application writes (each at most once per block and address). */
export type BlockEntryKind = 'delegate_share' | 'pool_fee' | 'unallocated' | 'self_revenue';

/** One entry to write for a block. */
export interface PlannedEntry {
  readonly kind: BlockEntryKind;
  /** null for pool-level entries (pool_fee, unallocated, self_revenue). */
  readonly address: string | null;
  readonly amountSats: bigint;
}

/** What applying a pool block writes. */
export interface PoolBlockPlan {
  /** Rule 6's split, shaped by the delegate rules when there are any (`effects`: what each rule did). */
  readonly split: RuledSplit;
  readonly entries: readonly PlannedEntry[];
}

/** The entries of a block do not add up to its reward: a broken invariant, never retried. */
export class ConservationError extends PermanentError {
  override readonly name = 'ConservationError';
}

/**
 * DESIGN rule 6 as ledger entries: one delegate_share per delegate whose share is > 0 (a 0 share writes
 * nothing), pool_fee when F > 0, and unallocated = D when W == 0 (and D > 0). Sum == R by construction.
 * With delegate rules the split is libs/rules' `splitWithRules` (null rules: exactly rule 6).
 */
export function planPoolBlock(rewardSats: bigint, feeBps: number, weights: readonly WeightEntry[], rules: DelegateRules | null = null): PoolBlockPlan {
  const split = splitWithRules(rewardSats, feeBps, weights, rules);
  const entries: PlannedEntry[] = split.shares
    .filter((s) => s.shareSats > 0n)
    .map((s) => ({ kind: 'delegate_share', address: s.address, amountSats: s.shareSats }));
  if (split.poolFeeSats > 0n) entries.push({ kind: 'pool_fee', address: null, amountSats: split.poolFeeSats });
  if (split.unallocatedSats > 0n) entries.push({ kind: 'unallocated', address: null, amountSats: split.unallocatedSats });
  return { split, entries };
}

/** A self block (rule 2): the whole reward is pool revenue, not shared. Nothing for R == 0. */
export function planSelfBlock(rewardSats: bigint): PlannedEntry[] {
  return rewardSats > 0n ? [{ kind: 'self_revenue', address: null, amountSats: rewardSats }] : [];
}

/** Sum of the entries' amounts. */
export function entriesTotal(entries: readonly { readonly amountSats: bigint }[]): bigint {
  let total = 0n;
  for (const e of entries) total += e.amountSats;
  return total;
}

/** Throws {@link ConservationError} unless the entries sum to exactly `expectedSats` (R, or 0 for foreign). */
export function assertConserved(what: string, totalSats: bigint, expectedSats: bigint): void {
  if (totalSats !== expectedSats) {
    throw new ConservationError(`${what}: entries sum to ${totalSats} sat, expected exactly ${expectedSats} sat`);
  }
}
