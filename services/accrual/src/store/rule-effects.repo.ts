import type { Queryable } from '@ppm/ledger';
import type { LoadedRules, RuleEffect } from '@ppm/rules';
import type { BlockRef } from './blocks.repo';

/** Stores a rules version once (its canonical JSON), the first time a block is credited under it. */
export async function recordRulesVersion(tx: Queryable, rules: Pick<LoadedRules, 'version' | 'canonicalJson'>): Promise<void> {
  await tx.query('INSERT INTO rules_versions (version, canonical_json) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING', [rules.version, rules.canonicalJson]);
}

/**
 * Writes what each rule did in the block's `application`-th application, in one statement (after its
 * block_applications row, which the rows reference).
 */
export async function insertRuleEffects(tx: Queryable, block: BlockRef, application: number, effects: readonly RuleEffect[]): Promise<void> {
  if (effects.length === 0) return;
  await tx.query(
    `INSERT INTO block_rule_effects (block_hash, application, address, rule, weight_sats, amount_sats, fee_bps)
     SELECT $1, $2, e.address, e.rule, e.weight::numeric, e.amount::numeric, e.fee
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::integer[]) AS e(address, rule, weight, amount, fee)`,
    [
      block.hash, application, effects.map((e) => e.address), effects.map((e) => e.rule), effects.map((e) => e.weightSats.toString()),
      effects.map((e) => (e.rule === 'fee_override' ? e.adjustSats : e.withheldSats).toString()),
      effects.map((e) => (e.rule === 'fee_override' ? e.feeBps : null)),
    ],
  );
}
