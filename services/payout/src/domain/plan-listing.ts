import { toCsv } from '@ppm/ledger';
import type { DelegateBalance, PayoutPlan } from './plan';

/** One delegate in the dry run's listing: what the plan pays it, or why it pays nothing now. */
export interface PlanListingRow {
  readonly address: string;
  readonly balanceSats: bigint;
  /** Paid by this plan (0 when not paid). */
  readonly amountSats: bigint;
  readonly status: 'paid' | 'carried' | 'nothing';
  readonly reason: string;
  /** Batch (transaction) index of the payment, or null. */
  readonly batch: number | null;
}

/**
 * Every delegate with a ledger balance, in address order: paid (amount and batch), carried (0 < balance <
 * minimum: it stays for the next payout) or nothing (no balance, or a negative one after a reorg took back a
 * credit that had already been paid).
 */
export function planListing(plan: PayoutPlan, balances: readonly DelegateBalance[], minPayoutSats: bigint): PlanListingRow[] {
  const paid = new Map<string, { amount: bigint; batch: number }>();
  for (const b of plan.batches) for (const o of b.outputs) paid.set(o.address, { amount: o.amountSats, batch: b.index });
  return [...balances]
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
    .map((d): PlanListingRow => {
      const p = paid.get(d.address);
      if (p) return { address: d.address, balanceSats: d.balanceSats, amountSats: p.amount, status: 'paid', reason: '', batch: p.batch };
      if (d.balanceSats > 0n) {
        return { address: d.address, balanceSats: d.balanceSats, amountSats: 0n, status: 'carried', reason: `balance below the minimum payout of ${minPayoutSats} sat`, batch: null };
      }
      const reason = d.balanceSats < 0n ? 'negative balance (a reorg took back a credit already paid)' : 'no balance';
      return { address: d.address, balanceSats: d.balanceSats, amountSats: 0n, status: 'nothing', reason, batch: null };
    });
}

/** `ppm payout plan --csv FILE`: address,balance,amount,status,reason,batch (amounts in satoshis). */
export function planListingCsv(rows: readonly PlanListingRow[]): string {
  return toCsv(['address', 'balance', 'amount', 'status', 'reason', 'batch'],
    rows.map((r) => [r.address, r.balanceSats.toString(), r.amountSats.toString(), r.status, r.reason, r.batch]));
}
