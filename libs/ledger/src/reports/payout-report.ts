import type { Queryable } from '../db/db';
import { toCsv } from './csv';
import type { ReportRange } from './report-range';

/** One output of a payout transaction. Amounts are decimal strings of satoshis. */
export interface PayoutReportLine {
  /** When the transaction was broadcast (ISO 8601 UTC); the batch's creation time if it has no broadcast time. */
  readonly date: string;
  /** The address the output paid: the delegate, or its signed redirect's target (payout_outputs.paid_to). */
  readonly address: string;
  readonly amountSats: string;
  readonly txid: string;
  readonly confirmations: number;
}

/** Header of `ppm report payouts --csv` (the column names; amount in satoshis). */
export const PAYOUT_REPORT_HEADER = ['date', 'address', 'amount', 'txid', 'confirmations'] as const;

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString().replace('.000Z', 'Z');

/**
 * Every output of every payout transaction sent in the range: batches with a txid that were not dropped or
 * failed (their amounts went back to the balances), by date, then txid, then address.
 */
export async function payoutReport(db: Queryable, range: ReportRange): Promise<PayoutReportLine[]> {
  const r = await db.query<{ at: unknown; address: string; amount_sats: string; txid: string; confirmations: number }>(
    `SELECT coalesce(b.broadcast_at, b.created_at) AS at, coalesce(o.paid_to, o.address) AS address, o.amount_sats::text, b.txid, b.confirmations
     FROM payout_outputs o JOIN payout_batches b ON b.batch_id = o.batch_id
     WHERE b.txid IS NOT NULL AND b.state NOT IN ('dropped', 'failed')
       AND coalesce(b.broadcast_at, b.created_at) >= $1::timestamptz AND coalesce(b.broadcast_at, b.created_at) < $2::timestamptz
     ORDER BY 1, b.txid, 2`,
    [range.startIso, range.endIso]);
  return r.rows.map((x) => ({ date: iso(x.at), address: x.address, amountSats: BigInt(x.amount_sats).toString(), txid: x.txid, confirmations: Number(x.confirmations) }));
}

/** The report as CSV. */
export function payoutReportCsv(lines: readonly PayoutReportLine[]): string {
  return toCsv(PAYOUT_REPORT_HEADER, lines.map((l) => [l.date, l.address, l.amountSats, l.txid, l.confirmations]));
}
