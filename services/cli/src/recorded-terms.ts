import type { WeightEntry } from '@ppm/chain';
import { firstBlockTerms, type Queryable } from '@ppm/ledger';
import { rulesFromCanonicalJson, splitWithRules, type RuledSplit } from '@ppm/rules';

/** A pool block's recorded terms, ready to recompute its split (`ppm replay`, `ppm verify share`). */
export interface RecordedTerms {
  readonly poolFeeBps: number;
  /** null: no rules. */
  readonly rulesVersion: string | null;
  /** False for a block applied before terms were recorded (migration 302): the configured fee, no rules. */
  readonly recorded: boolean;
  split(rewardSats: bigint, weights: readonly WeightEntry[]): RuledSplit;
}

/**
 * The terms the block was first credited under (pool fee, rules read back from `rules_versions` and checked
 * against their version), or `fallbackFeeBps` and no rules when none were recorded.
 */
export async function recordedTerms(db: Queryable, blockHash: string, fallbackFeeBps: number): Promise<RecordedTerms> {
  const t = await firstBlockTerms(db, blockHash);
  const poolFeeBps = t?.poolFeeBps ?? fallbackFeeBps;
  const rules = t?.rulesVersion && t.rulesJson !== null ? rulesFromCanonicalJson(t.rulesJson, t.rulesVersion) : null;
  return {
    poolFeeBps, rulesVersion: t?.rulesVersion ?? null, recorded: t !== undefined,
    split: (rewardSats, weights) => splitWithRules(rewardSats, poolFeeBps, weights, rules),
  };
}
