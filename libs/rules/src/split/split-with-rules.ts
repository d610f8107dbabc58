import { BPS_DENOMINATOR, splitReward, type ShareEntry, type ShareSplit, type WeightEntry } from '@ppm/chain';
import type { DelegateRules } from '../rules-schema';

/**
 * What a rule did to one delegate of one block (recorded per block application in `block_rule_effects`).
 * - `excluded` / `below_minimum`: the delegate was not credited; `withheldSats` is the share rule 6 over ALL
 *   delegates would have given it (leftover "pool": exactly what went to the pool fee instead; "redistribute":
 *   what the eligible delegates shared instead).
 * - `fee_override`: the delegate's fee was `feeBps` instead of the global fee; `adjustSats` (signed) was added
 *   to its share and taken from the pool fee.
 */
export type RuleEffect =
  | { readonly rule: 'excluded' | 'below_minimum'; readonly address: string; readonly weightSats: bigint; readonly withheldSats: bigint }
  | { readonly rule: 'fee_override'; readonly address: string; readonly weightSats: bigint; readonly feeBps: number; readonly adjustSats: bigint };

/** A block's split under rules: rule 6's fields (final amounts) plus what each rule did. */
export interface RuledSplit extends ShareSplit {
  /** Sorted by address, then rule. Empty when no rule touched a delegate of the block. */
  readonly effects: readonly RuleEffect[];
}

const byAddress = (a: { address: string }, b: { address: string }) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);

/** Mathematical floor of n / d for d > 0 (bigint division truncates toward zero). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

/**
 * A pool block's split under delegate rules (README "Rules file"; HELPERS' shared design). With `rules` null,
 * or rules that touch no delegate of the block, the result is exactly `splitReward(R, poolFeeBps, weights)`
 * with no effects.
 * 1. Ineligible: excluded addresses, and delegates with 0 < w_d < minWeightSats. Weight-0 delegates have share 0
 *    anyway and get no effect.
 * 2. leftover "redistribute": rule 6 over the eligible delegates only (W = their weight). leftover "pool": rule 6
 *    over all delegates, then every ineligible delegate's share is withheld and added to the pool fee.
 * 3. Fee override f_d (global fee f): g_d = floor(R * w_d / W) (W of step 2), adjust_d = floor(g_d * (f - f_d) /
 *    10,000), clamped to >= -share_d; share_d += adjust_d, pool fee -= adjust_d. The sum of positive adjustments
 *    is at most sum floor(g_d * f / 10,000) <= floor(R * f / 10,000) = F, so the pool fee stays >= 0.
 * Shares + pool fee + unallocated == R exactly.
 */
export function splitWithRules(rewardSats: bigint, poolFeeBps: number, weights: readonly WeightEntry[], rules: DelegateRules | null): RuledSplit {
  const plain = splitReward(rewardSats, poolFeeBps, weights);
  if (!rules) return { ...plain, effects: [] };
  const excluded = new Set(rules.exclude.map((e) => e.address));
  const ineligible = new Map<string, 'excluded' | 'below_minimum'>();
  for (const w of weights) {
    if (w.weightSats <= 0n) continue;
    if (excluded.has(w.address)) ineligible.set(w.address, 'excluded');
    else if (w.weightSats < rules.minWeightSats) ineligible.set(w.address, 'below_minimum');
  }
  const effects: RuleEffect[] = [];
  for (const s of plain.shares) {
    const rule = ineligible.get(s.address);
    if (rule) effects.push({ rule, address: s.address, weightSats: s.weightSats, withheldSats: s.shareSats });
  }

  let base: ShareSplit;
  let shares: ShareEntry[];
  let poolFee: bigint;
  if (ineligible.size === 0) {
    base = plain;
    shares = [...plain.shares];
    poolFee = plain.poolFeeSats;
  } else if (rules.leftover === 'redistribute') {
    base = splitReward(rewardSats, poolFeeBps, weights.filter((w) => !ineligible.has(w.address)));
    shares = [...base.shares];
    poolFee = base.poolFeeSats;
  } else {
    base = plain;
    shares = plain.shares.filter((s) => !ineligible.has(s.address));
    poolFee = plain.poolFeeSats;
    for (const e of effects) if (e.rule !== 'fee_override') poolFee += e.withheldSats;
  }

  const overrides = new Map(rules.feeOverrides.map((o) => [o.address, o.feeBps]));
  const w = base.poolWeightSats;
  shares = shares.map((s) => {
    const fd = overrides.get(s.address);
    if (fd === undefined || fd === poolFeeBps || w === 0n) return s;
    const gross = (rewardSats * s.weightSats) / w;
    let adjust = floorDiv(gross * BigInt(poolFeeBps - fd), BPS_DENOMINATOR);
    if (adjust < -s.shareSats) adjust = -s.shareSats;
    poolFee -= adjust;
    effects.push({ rule: 'fee_override', address: s.address, weightSats: s.weightSats, feeBps: fd, adjustSats: adjust });
    return { ...s, shareSats: s.shareSats + adjust };
  });
  effects.sort((a, b) => byAddress(a, b) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return {
    rewardSats, poolFeeSats: poolFee, distributableSats: rewardSats - poolFee, poolWeightSats: w, shares, unallocatedSats: base.unallocatedSats, effects,
  };
}
