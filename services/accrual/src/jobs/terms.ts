import { firstBlockTerms, type Queryable } from '@ppm/ledger';
import { rulesFromCanonicalJson, type LoadedRules } from '@ppm/rules';
import type { BlockRow } from '../store/blocks.repo';

/** The terms a pool block is credited under: the pool fee and the delegate rules (null: none). */
export interface CreditTerms {
  readonly poolFeeBps: number;
  readonly rules: LoadedRules | null;
}

/**
 * The terms of a pool block's next application. They are fixed at the block hash's FIRST application: a
 * re-application (A->B->A) takes the recorded ones, whatever PPM_POOL_FEE_BPS and PPM_RULES_FILE say now, so
 * changing either never changes what a block credits. A block applied before terms were recorded (migration
 * 302) is re-applied as it was then: the configured fee, no rules. Otherwise (first application): `current`.
 */
export async function termsFor(tx: Queryable, b: BlockRow, current: CreditTerms): Promise<CreditTerms> {
  const recorded = await firstBlockTerms(tx, b.hash);
  if (recorded) {
    const { rulesVersion: version, rulesJson } = recorded;
    // rules_version references rules_versions, so a version always has its JSON.
    const rules = version !== null && rulesJson !== null ? { version, canonicalJson: rulesJson, rules: rulesFromCanonicalJson(rulesJson, version) } : null;
    return { poolFeeBps: recorded.poolFeeBps, rules };
  }
  if (b.application > 0) return { poolFeeBps: current.poolFeeBps, rules: null };
  return current;
}
