import type { Queryable } from '../db/db';

/**
 * One delegate's position, from the append-only entries (view `delegate_balances`):
 * balance = accrued - inFlight - paid. A balance can be negative: when a block whose share was already paid
 * out is reversed by a reorg, the reversal is a debt carried forward and netted against later shares.
 */
export interface DelegateBalance {
  readonly address: string;
  /** delegate_share + opening_balance (net of their reversals) + pool_fee_share (the pool-fee split, migration 120). */
  readonly accruedSats: bigint;
  /** payout_paid. */
  readonly paidSats: bigint;
  /** payout_reserve - payout_paid - payout_release: reserved for a payout not yet final. */
  readonly inFlightSats: bigint;
  /** What the pool still owes the delegate (may be negative, see above). */
  readonly balanceSats: bigint;
}

interface BalanceRow {
  address: string;
  accrued_sats: string;
  paid_sats: string;
  in_flight_sats: string;
}

function toBalance(r: BalanceRow): DelegateBalance {
  const accruedSats = BigInt(r.accrued_sats);
  const paidSats = BigInt(r.paid_sats);
  const inFlightSats = BigInt(r.in_flight_sats);
  return { address: r.address, accruedSats, paidSats, inFlightSats, balanceSats: accruedSats - inFlightSats - paidSats };
}

/** Code-point order (base58 is mixed case: database collations would not agree with JS). */
export function compareAddress(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every delegate that has ever had an entry, sorted by address (code-point order). */
export async function getBalances(db: Queryable): Promise<DelegateBalance[]> {
  const r = await db.query<BalanceRow>('SELECT address, accrued_sats, paid_sats, in_flight_sats FROM delegate_balances');
  return r.rows.map(toBalance).sort((a, b) => compareAddress(a.address, b.address));
}

/** One delegate's position; all zero for an address the ledger has never seen. */
export async function getBalance(db: Queryable, address: string): Promise<DelegateBalance> {
  const r = await db.query<BalanceRow>(
    'SELECT address, accrued_sats, paid_sats, in_flight_sats FROM delegate_balances WHERE address = $1',
    [address],
  );
  const row = r.rows[0];
  return row ? toBalance(row) : { address, accruedSats: 0n, paidSats: 0n, inFlightSats: 0n, balanceSats: 0n };
}
