import { toCsv } from '@ppm/ledger';
import type { PayoutRules } from '../rules/payout-rules';
import type { DelegateBalance, PayoutPlan } from './plan';

/** One delegate in the dry run's listing: what the plan pays it, or why it pays nothing now. */
export interface PlanListingRow {
  readonly address: string;
  readonly balanceSats: bigint;
  /** Paid by this plan (0 when not paid). */
  readonly amountSats: bigint;
  /**
   * paid; redirected (paid, to the address in `reason`, under the delegate's signed redirect); carried (0 <
   * balance < minimum); excluded (the rules file excludes it, nothing to pay); nothing (no or negative balance).
   */
  readonly status: 'paid' | 'redirected' | 'carried' | 'excluded' | 'nothing';
  readonly reason: string;
  /** Batch (transaction) index of the payment, or null. */
  readonly batch: number | null;
}

const byAddress = (a: { address: string }, b: { address: string }) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);

/**
 * Every delegate with a ledger balance (the pool-fee split of this cycle included), and every address the rules
 * exclude, in address order: paid (amount and batch; a pool-fee split recipient says so), redirected (paid to
 * B under A's signed redirect), carried (0 < balance < minimum: it stays for the next payout), excluded (rules)
 * or nothing (no balance, or a negative one after a reorg took back a credit that had already been paid).
 */
export function planListing(plan: PayoutPlan, balances: readonly DelegateBalance[], minPayoutSats: bigint, rules?: PayoutRules): PlanListingRow[] {
  const paid = new Map<string, { amount: bigint; batch: number; paidTo: string | undefined }>();
  for (const b of plan.batches) for (const o of b.outputs) paid.set(o.address, { amount: o.amountSats, batch: b.index, paidTo: o.paidTo });
  const split = new Map(rules?.poolFeeSplit.map((s) => [s.address, s.bps]) ?? []);
  const all = new Map(balances.map((b) => [b.address, b.balanceSats]));
  for (const a of rules?.excluded.keys() ?? []) if (!all.has(a)) all.set(a, 0n);
  const notes = (address: string): string[] => {
    const out: string[] = [];
    const bps = split.get(address);
    if (bps !== undefined) out.push(`pool-fee split recipient (${bps} bps)`);
    // An excluded address may still hold a balance credited before its exclusion: that balance is owed.
    if (rules?.excluded.has(address)) out.push('excluded by the rules file (no new credits; the balance is from before)');
    return out;
  };
  return [...all].map(([address, balanceSats]) => ({ address, balanceSats })).sort(byAddress).map((d): PlanListingRow => {
    const p = paid.get(d.address);
    const row = (status: PlanListingRow['status'], reasons: string[], amountSats = 0n, batch: number | null = null): PlanListingRow =>
      ({ address: d.address, balanceSats: d.balanceSats, amountSats, status, reason: reasons.join('; '), batch });
    if (p?.paidTo !== undefined) return row('redirected', [`paid to ${p.paidTo} under ${d.address}'s signed redirect`, ...notes(d.address)], p.amount, p.batch);
    if (p) return row('paid', notes(d.address), p.amount, p.batch);
    if (d.balanceSats > 0n) {
      const to = rules?.redirects.get(d.address)?.to;
      return row('carried', [`balance below the minimum payout of ${minPayoutSats} sat`, ...(to ? [`redirected to ${to} when paid`] : []), ...notes(d.address)]);
    }
    if (rules?.excluded.has(d.address)) return row('excluded', [excludedText(rules.excluded.get(d.address) ?? '')]);
    return row('nothing', [d.balanceSats < 0n ? 'negative balance (a reorg took back a credit already paid)' : 'no balance', ...notes(d.address)]);
  });
}

function excludedText(reason: string): string {
  return `excluded by the rules file (never credited)${reason ? `: ${reason}` : ''}`;
}

/** `ppm payout plan --csv FILE`: address,balance,amount,status,reason,batch (amounts in satoshis). */
export function planListingCsv(rows: readonly PlanListingRow[]): string {
  return toCsv(['address', 'balance', 'amount', 'status', 'reason', 'batch'],
    rows.map((r) => [r.address, r.balanceSats.toString(), r.amountSats.toString(), r.status, r.reason, r.batch]));
}
