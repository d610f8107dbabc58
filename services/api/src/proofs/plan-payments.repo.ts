import type { Queryable } from '@ppm/ledger';
import { countOf, satsText, type DbNumber } from '../store/row-values';

/** One payment of a plan and the transaction (batch) that carries it. */
export interface PlanPayment {
  address: string;
  /** The address the transaction pays under the delegate's signed redirect (rules file); undefined otherwise. */
  paidTo?: string | undefined;
  amountSats: bigint;
  batchIndex: number;
  txid: string | null;
  state: string;
}

/** A plan's network and every payment of every batch; undefined when no plan has this hash. */
export interface PlanPayments {
  network: string;
  payments: PlanPayment[];
  transactions: { batchIndex: number; txid: string | null; state: string }[];
}

interface Row {
  address: string | null;
  paid_to: string | null;
  amount_sats: DbNumber;
  batch_index: DbNumber;
  txid: string | null;
  state: string | null;
  network: string;
}

// The outputs of every batch of the plan (the batches are reserved together, so this is the plan the signer
// hashed); a plan not yet reserved has no batches and no payments.
const SQL = `
SELECT p.network, o.address, o.paid_to, o.amount_sats, b.batch_index, b.txid, b.state
FROM payout_plans p
LEFT JOIN payout_batches b ON b.plan_hash = p.plan_hash
LEFT JOIN payout_outputs o ON o.batch_id = b.batch_id
WHERE p.plan_hash = $1
ORDER BY b.batch_index, o.address`;

/** Reads a plan's payments. */
export async function readPlanPayments(db: Queryable, planHash: string): Promise<PlanPayments | undefined> {
  const r = await db.query<Row>(SQL, [planHash]);
  const first = r.rows[0];
  if (!first) return undefined;
  const payments: PlanPayment[] = [];
  const transactions = new Map<number, { batchIndex: number; txid: string | null; state: string }>();
  for (const row of r.rows) {
    if (row.state === null) continue;
    const batchIndex = countOf(row.batch_index);
    transactions.set(batchIndex, { batchIndex, txid: row.txid, state: row.state });
    if (row.address === null) continue;
    payments.push({
      address: row.address, amountSats: BigInt(satsText(row.amount_sats)), ...(row.paid_to ? { paidTo: row.paid_to } : {}), batchIndex, txid: row.txid, state: row.state,
    });
  }
  return { network: first.network, payments, transactions: [...transactions.values()] };
}
