import type { Queryable } from '../db/db';
import { ruleEffectText, type StoredRuleEffect } from '../repos/block-terms.repo';
import { toCsv } from './csv';
import type { ReportRange } from './report-range';

/** One pool block in a delegate's statement. Amounts are decimal strings of satoshis. */
export interface StatementBlock {
  readonly height: number;
  readonly blockHash: string;
  /** Block time, ISO 8601 UTC. */
  readonly date: string;
  readonly weightSats: string;
  /** W of the snapshot: every delegate's weight. */
  readonly poolWeightSats: string;
  /**
   * The weight the reward was actually shared over: W less the weights of the delegates the rules left out
   * (excluded, below the minimum) when the block's rules send their part to the others (`leftover: redistribute`);
   * W otherwise. share = floor(weight x (R - pool fee) / this), the rounding leftover aside (DESIGN rule 6).
   */
  readonly sharedPoolWeightSats: string;
  /** The pool fee the block was credited under (basis points); null for blocks credited before terms were kept. */
  readonly poolFeeBps: number | null;
  readonly rewardSats: string;
  /** Net credit for this block (a share and its reversal cancel). */
  readonly shareSats: string;
  /**
   * The rules the block was shared under, as recorded with its snapshot (`maturity`, `minUtxoSats`,
   * `requiredFee`), "k=v" pairs joined by ";"; empty for snapshots stored before the content was kept.
   */
  readonly rules: string;
  /**
   * The delegate rules (PPM_RULES_FILE) that touched this delegate in the block's current application, from
   * `block_rule_effects`, joined by "; ": `excluded 5678 withheld`, `below_minimum 12 withheld`,
   * `fee_override 500bps +1234`; empty when none did.
   */
  readonly rulesApplied: string;
}

/** One payout output to the delegate. */
export interface StatementPayout {
  readonly date: string;
  readonly amountSats: string;
  readonly txid: string;
  readonly state: string;
  readonly confirmations: number;
}

/** A delegate's statement for a range of UTC days. */
export interface DelegateStatement {
  readonly address: string;
  readonly from: string;
  readonly to: string;
  readonly blocks: readonly StatementBlock[];
  readonly payouts: readonly StatementPayout[];
  readonly totals: { readonly sharesSats: string; readonly paidSats: string };
}

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString().replace('.000Z', 'Z');

function rulesText(content: unknown): string {
  const c = (typeof content === 'string' ? JSON.parse(content) : content) as Record<string, unknown> | null;
  if (!c) return '';
  return ['maturity', 'minUtxoSats', 'requiredFee'].filter((k) => c[k] !== undefined).map((k) => `${k}=${String(c[k])}`).join(';');
}

function effectsText(raw: { rule: StoredRuleEffect['rule']; amount_sats: string; fee_bps: number | null }[] | string | null): string {
  const list = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { rule: StoredRuleEffect['rule']; amount_sats: string; fee_bps: number | null }[] | null;
  return (list ?? []).map((e) => ruleEffectText({ rule: e.rule, amountSats: BigInt(e.amount_sats), feeBps: e.fee_bps })).join('; ');
}

/**
 * The delegate's statement: every applied main-chain pool block in the range whose snapshot has the delegate
 * (height, weight, pool weight, reward, net share, rules, rules applied), and every payout output to it sent in the range
 * (batches not dropped or failed).
 */
export async function delegateStatement(db: Queryable, address: string, range: ReportRange): Promise<DelegateStatement> {
  const blocks = await db.query<{
    height: number; hash: string; block_time: unknown; weight_sats: string; pool_weight_sats: string; reward_sats: string; share_sats: string; content: unknown;
    pool_fee_bps: number | null; shared_weight_sats: string;
    effects: { rule: StoredRuleEffect['rule']; amount_sats: string; fee_bps: number | null }[] | string | null;
  }>(
    `SELECT b.height, b.hash, b.block_time, w.weight_sats::text, s.pool_weight_sats::text, s.reward_sats::text, s.content,
       a.pool_fee_bps,
       (CASE WHEN (v.canonical_json::jsonb ->> 'leftover') = 'redistribute'
          THEN s.pool_weight_sats - (SELECT coalesce(sum(f.weight_sats), 0) FROM block_rule_effects f
                                     WHERE f.block_hash = b.hash AND f.application = greatest(b.application, 1) AND f.rule IN ('excluded', 'below_minimum'))
          ELSE s.pool_weight_sats END)::text AS shared_weight_sats,
       (SELECT json_agg(json_build_object('rule', f.rule, 'amount_sats', f.amount_sats::text, 'fee_bps', f.fee_bps) ORDER BY f.rule)
          FROM block_rule_effects f WHERE f.block_hash = b.hash AND f.application = greatest(b.application, 1) AND f.address = $1) AS effects,
       (SELECT coalesce(sum(e.amount_sats), 0) FROM ledger_entries e
         WHERE e.block_hash = b.hash AND e.address = $1 AND e.kind IN ('delegate_share', 'reversal'))::text AS share_sats
     FROM blocks b JOIN snapshots s ON s.block_hash = b.hash JOIN snapshot_weights w ON w.block_hash = b.hash AND w.address = $1
       LEFT JOIN block_applications a ON a.block_hash = b.hash AND a.application = greatest(b.application, 1)
       LEFT JOIN rules_versions v ON v.version = a.rules_version
     WHERE b.on_main_chain AND b.status = 'applied' AND b.block_time >= $2::timestamptz AND b.block_time < $3::timestamptz
     ORDER BY b.height`,
    [address, range.startIso, range.endIso]);
  const payouts = await db.query<{ at: unknown; amount_sats: string; txid: string; state: string; confirmations: number }>(
    `SELECT coalesce(b.broadcast_at, b.created_at) AS at, o.amount_sats::text, b.txid, b.state, b.confirmations
     FROM payout_outputs o JOIN payout_batches b ON b.batch_id = o.batch_id
     WHERE o.address = $1 AND b.txid IS NOT NULL AND b.state NOT IN ('dropped', 'failed')
       AND coalesce(b.broadcast_at, b.created_at) >= $2::timestamptz AND coalesce(b.broadcast_at, b.created_at) < $3::timestamptz
     ORDER BY 1, b.txid`,
    [address, range.startIso, range.endIso]);
  const rows: StatementBlock[] = blocks.rows.map((b) => ({
    height: Number(b.height), blockHash: b.hash, date: iso(b.block_time), weightSats: BigInt(b.weight_sats).toString(),
    poolWeightSats: BigInt(b.pool_weight_sats).toString(), sharedPoolWeightSats: BigInt(b.shared_weight_sats).toString(),
    poolFeeBps: b.pool_fee_bps === null ? null : Number(b.pool_fee_bps), rewardSats: BigInt(b.reward_sats).toString(), shareSats: BigInt(b.share_sats).toString(),
    rules: rulesText(b.content),
    rulesApplied: effectsText(b.effects),
  }));
  const paid: StatementPayout[] = payouts.rows.map((p) => ({
    date: iso(p.at), amountSats: BigInt(p.amount_sats).toString(), txid: p.txid, state: p.state, confirmations: Number(p.confirmations),
  }));
  return {
    address, from: range.from, to: range.to, blocks: rows, payouts: paid,
    totals: {
      sharesSats: rows.reduce((t, b) => t + BigInt(b.shareSats), 0n).toString(),
      paidSats: paid.reduce((t, p) => t + BigInt(p.amountSats), 0n).toString(),
    },
  };
}

/**
 * Header of the statement CSV: one `block` line per pool block, one `payout` line per payout output. Columns are
 * only ever added at the end (tools read them by position too).
 */
export const STATEMENT_HEADER = [
  'type', 'date', 'height', 'block_hash', 'weight', 'pool_weight', 'reward', 'share', 'rules', 'rules_applied', 'txid', 'amount', 'state', 'confirmations',
  'shared_pool_weight', 'pool_fee_bps',
] as const;

/** The statement as CSV (amounts in satoshis). */
export function delegateStatementCsv(s: DelegateStatement): string {
  return toCsv(STATEMENT_HEADER, [
    ...s.blocks.map((b) => ['block', b.date, b.height, b.blockHash, b.weightSats, b.poolWeightSats, b.rewardSats, b.shareSats, b.rules, b.rulesApplied, null, null, null, null,
      b.sharedPoolWeightSats, b.poolFeeBps]),
    ...s.payouts.map((p) => ['payout', p.date, null, null, null, null, null, null, null, null, p.txid, p.amountSats, p.state, p.confirmations, null, null]),
  ]);
}
