import type { Queryable } from '../db/db';

/**
 * The terms a pool block was credited under (migration 302): the pool fee and the rules version (null: no rules),
 * with the rules' stored canonical JSON. Fixed at the block hash's first application.
 */
export interface BlockTerms {
  readonly poolFeeBps: number;
  readonly rulesVersion: string | null;
  /** `rules_versions.canonical_json` of rulesVersion (null when no rules). */
  readonly rulesJson: string | null;
  /** The application that fixed them. */
  readonly application: number;
}

/**
 * The terms of the block's first application that recorded terms, or undefined (never applied, a self/foreign
 * block, or applied before migration 302: callers then use the configured fee and no rules, as before).
 */
export async function firstBlockTerms(q: Queryable, blockHash: string): Promise<BlockTerms | undefined> {
  const r = await q.query<{ pool_fee_bps: number; rules_version: string | null; canonical_json: string | null; application: number }>(
    `SELECT a.pool_fee_bps, a.rules_version, v.canonical_json, a.application FROM block_applications a
       LEFT JOIN rules_versions v ON v.version = a.rules_version
      WHERE a.block_hash = $1 AND a.pool_fee_bps IS NOT NULL ORDER BY a.application LIMIT 1`,
    [blockHash]);
  const row = r.rows[0];
  if (!row) return undefined;
  return { poolFeeBps: Number(row.pool_fee_bps), rulesVersion: row.rules_version, rulesJson: row.canonical_json, application: Number(row.application) };
}

/** One recorded rule effect (`block_rule_effects`); amounts as bigint. */
export interface StoredRuleEffect {
  readonly address: string;
  readonly rule: 'excluded' | 'below_minimum' | 'fee_override';
  readonly weightSats: bigint;
  /** Withheld share (excluded, below_minimum) or signed adjustment (fee_override). */
  readonly amountSats: bigint;
  readonly feeBps: number | null;
}

/** The effects recorded for one application of a block, by address then rule. */
export async function blockRuleEffects(q: Queryable, blockHash: string, application: number): Promise<StoredRuleEffect[]> {
  const r = await q.query<{ address: string; rule: StoredRuleEffect['rule']; weight_sats: string; amount_sats: string; fee_bps: number | null }>(
    `SELECT address, rule, weight_sats::text, amount_sats::text, fee_bps FROM block_rule_effects
      WHERE block_hash = $1 AND application = $2 ORDER BY address, rule`,
    [blockHash, application]);
  return r.rows.map((x) => ({
    address: x.address, rule: x.rule, weightSats: BigInt(x.weight_sats), amountSats: BigInt(x.amount_sats), feeBps: x.fee_bps === null ? null : Number(x.fee_bps),
  }));
}

/** "fee_override 500bps +1234", "excluded 5678 withheld": how reports show a rule effect. */
export function ruleEffectText(e: Pick<StoredRuleEffect, 'rule' | 'amountSats' | 'feeBps'>): string {
  if (e.rule === 'fee_override') return `fee_override ${e.feeBps ?? 0}bps ${e.amountSats >= 0n ? '+' : ''}${e.amountSats}`;
  return `${e.rule} ${e.amountSats} withheld`;
}
