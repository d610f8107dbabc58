import type { Queryable } from '@ppm/ledger';
import { splitPoolFee, type PoolFeePart } from '@ppm/rules';
import type { PayoutRules } from '../rules/payout-rules';

/** Serialises fee splits across replicas (any fixed key distinct from other advisory locks). */
const FEE_SPLIT_LOCK_KEY = 7_270_120;

/**
 * The pool fee not split yet, as of the ledger cut `cut`: pool_fee entries of blocks up to `cut` and their
 * reversals, plus every earlier pool_fee_transfer (negative). It can be negative after a reorg took back fee
 * that had already been split: nothing is split then, and the deficit is netted against the next fees.
 */
export async function readUnsplitPoolFee(q: Queryable, cut: number): Promise<bigint> {
  const r = await q.query<{ fee: string; moved: string }>(
    `SELECT
       coalesce(sum(e.amount_sats) FILTER (WHERE (e.kind = 'pool_fee' OR (e.kind = 'reversal' AND r.kind = 'pool_fee')) AND coalesce(e.height, 0) <= $1), 0)::text AS fee,
       coalesce(sum(e.amount_sats) FILTER (WHERE e.kind = 'pool_fee_transfer'), 0)::text AS moved
     FROM ledger_entries e LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
     WHERE e.address IS NULL AND e.kind IN ('pool_fee', 'reversal', 'pool_fee_transfer')`,
    [cut],
  );
  const row = r.rows[0];
  return row ? BigInt(row.fee) + BigInt(row.moved) : 0n;
}

/**
 * The split this payout cycle makes at `cut` (rules' poolFeeSplit by bps, largest remainder): empty without a
 * split in the rules or without fee to split. Reads only; planning adds it to the balances it pays.
 */
export async function pendingFeeSplit(q: Queryable, rules: PayoutRules | undefined, cut: number): Promise<PoolFeePart[]> {
  if (!rules || rules.poolFeeSplit.length === 0) return [];
  const fee = await readUnsplitPoolFee(q, cut);
  return fee > 0n ? splitPoolFee(fee, rules.poolFeeSplit) : [];
}

/**
 * Moves the unsplit pool fee to the split addresses (inside the cycle's transaction): one pool_fee_transfer
 * (pool-level, -total) and one pool_fee_share per address, all at height `cut` so a plan on that cut pays them.
 * Idempotent: a second call finds nothing unsplit. Returns the parts written.
 */
export async function writeFeeSplit(tx: Queryable, rules: PayoutRules | undefined, cut: number): Promise<PoolFeePart[]> {
  if (!rules || rules.poolFeeSplit.length === 0) return [];
  await tx.query('SELECT pg_advisory_xact_lock($1)', [FEE_SPLIT_LOCK_KEY]);
  const parts = await pendingFeeSplit(tx, rules, cut);
  if (parts.length === 0) return [];
  const total = parts.reduce((t, p) => t + p.amountSats, 0n);
  await tx.query(
    `INSERT INTO ledger_entries (kind, address, amount_sats, height)
     SELECT k, a, m::numeric, $2 FROM jsonb_to_recordset($1::jsonb) AS x(k text, a text, m text)`,
    [JSON.stringify([
      { k: 'pool_fee_transfer', a: null, m: (-total).toString() },
      ...parts.map((p) => ({ k: 'pool_fee_share', a: p.address, m: p.amountSats.toString() })),
    ]), cut],
  );
  return parts;
}
