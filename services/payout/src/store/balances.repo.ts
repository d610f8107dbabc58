import type { Queryable } from '@ppm/ledger';
import type { DelegateBalance } from '../domain/plan';

/**
 * Balances straight from the append-only ledger (view delegate_balances): balance = accrued - in flight - paid.
 * Our own SQL rather than the ledger's repo because payout needs it inside its reserve transaction.
 */
export async function readBalances(q: Queryable, addresses?: readonly string[]): Promise<DelegateBalance[]> {
  const sql = `SELECT address, (accrued_sats - in_flight_sats - paid_sats)::text AS balance FROM delegate_balances` +
    (addresses ? ` WHERE address IN (SELECT jsonb_array_elements_text($1::jsonb))` : '');
  const r = await q.query<{ address: string; balance: string }>(sql, addresses ? [JSON.stringify(addresses)] : []);
  return r.rows.map((row) => ({ address: row.address, balanceSats: BigInt(row.balance) }));
}

/**
 * Ledger kinds that credit an address (and reversals of them): what a plan's cut freezes. pool_fee_share (the
 * pool-fee split, migration 120) credits a split address like a share; it is never reversed (a reorg's fee
 * reversal is netted against the next split instead).
 */
const CREDIT = `(e.kind IN ('delegate_share', 'opening_balance', 'pool_fee_share') OR (e.kind = 'reversal' AND r.kind IN ('delegate_share', 'opening_balance')))`;

/**
 * Balances on a frozen ledger cut (issue 10 §3): credits (shares, opening balances and their reversals) of blocks
 * up to `cut`, minus every payout movement (reserved and not released: in flight or paid). Rewards credited above
 * the cut carry to the next plan, so planning again at the same cut gives the same balances (and plan hash) however
 * many blocks arrived since; only a change at or below the cut (a reorg reversing a block, a payout released)
 * changes them.
 */
export async function readBalancesAt(q: Queryable, cut: number): Promise<DelegateBalance[]> {
  const r = await q.query<{ address: string; balance: string }>(
    `SELECT e.address,
       (coalesce(sum(e.amount_sats) FILTER (WHERE ${CREDIT} AND coalesce(e.height, 0) <= $1), 0)
        - coalesce(sum(e.amount_sats) FILTER (WHERE e.kind = 'payout_reserve'), 0)
        + coalesce(sum(e.amount_sats) FILTER (WHERE e.kind = 'payout_release'), 0))::text AS balance
     FROM ledger_entries e LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
     WHERE e.address IS NOT NULL
     GROUP BY e.address`,
    [cut],
  );
  return r.rows.map((row) => ({ address: row.address, balanceSats: BigInt(row.balance) }));
}

/**
 * The cut a new plan freezes: the highest height of any credit to a delegate. It moves only when rewards are
 * credited (or reversed), not with every block, so the dry run and the approval of one plan agree.
 */
export async function readCreditHeight(q: Queryable): Promise<number> {
  const r = await q.query<{ h: number | string | null }>(
    `SELECT max(e.height) AS h FROM ledger_entries e LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
     WHERE e.address IS NOT NULL AND ${CREDIT}`);
  const h = r.rows[0]?.h;
  return h === null || h === undefined ? 0 : Number(h);
}

/** The latest `limit` distinct heights with a credit to a delegate, newest first: the cuts a recent plan can have. */
export async function readRecentCreditHeights(q: Queryable, limit: number): Promise<number[]> {
  const r = await q.query<{ h: number | string }>(
    `SELECT DISTINCT e.height AS h FROM ledger_entries e LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
     WHERE e.address IS NOT NULL AND e.height IS NOT NULL AND ${CREDIT} ORDER BY e.height DESC LIMIT $1`, [limit]);
  return r.rows.map((x) => Number(x.h));
}

/** The highest height of a payout release (an amount returned to a balance), or 0. */
export async function readReleaseHeight(q: Queryable): Promise<number> {
  const r = await q.query<{ h: number | string | null }>(`SELECT max(height) AS h FROM ledger_entries WHERE kind = 'payout_release'`);
  const h = r.rows[0]?.h;
  return h === null || h === undefined ? 0 : Number(h);
}
