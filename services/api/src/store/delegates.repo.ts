import type { Queryable } from '@ppm/ledger';
import { countOf, intOrNull, satsText, type DbNumber } from './row-values';

/** A delegate's balance (DESIGN: balance = accrued - in flight - paid), decimal strings of satoshis. */
export interface DelegateBalance {
  address: string;
  accruedSats: string;
  paidSats: string;
  inFlightSats: string;
  balanceSats: string;
  /** Weight in the pool's latest main-chain snapshot ("0" when not part of it). */
  weightSats: string;
  /** Height of that snapshot (null before the first one). */
  weightHeight: number | null;
}

interface BalanceRow {
  address: string;
  accrued_sats: DbNumber;
  paid_sats: DbNumber;
  in_flight_sats: DbNumber;
  weight_sats: DbNumber;
  weight_height: DbNumber;
}

// The snapshot of the latest applied main-chain block: its weights are the delegates' current weights (the same
// block as the ledger's getPoolStats, so the api and `ppm status` agree).
const LATEST_SNAPSHOT_CTE = `
latest AS (
  SELECT s.block_hash, s.height FROM snapshots s JOIN blocks b ON b.hash = s.block_hash
  WHERE b.on_main_chain AND b.status = 'applied' ORDER BY s.height DESC LIMIT 1
)`;

// Delegates are everyone the ledger knows plus everyone in the latest snapshot (a new delegate has weight
// before its first share).
const BALANCES_SQL = `
WITH ${LATEST_SNAPSHOT_CTE},
addrs AS (
  SELECT address FROM delegate_balances
  UNION SELECT w.address FROM snapshot_weights w JOIN latest l ON l.block_hash = w.block_hash
)
SELECT a.address,
  coalesce(d.accrued_sats, 0) AS accrued_sats,
  coalesce(d.paid_sats, 0) AS paid_sats,
  coalesce(d.in_flight_sats, 0) AS in_flight_sats,
  coalesce(w.weight_sats, 0) AS weight_sats,
  (SELECT height FROM latest) AS weight_height
FROM addrs a
LEFT JOIN delegate_balances d ON d.address = a.address
LEFT JOIN snapshot_weights w ON w.address = a.address AND w.block_hash = (SELECT block_hash FROM latest)
WHERE $1::text IS NULL OR a.address = $1
ORDER BY a.address`;

function toBalance(r: BalanceRow): DelegateBalance {
  const accrued = BigInt(satsText(r.accrued_sats));
  const paid = BigInt(satsText(r.paid_sats));
  const inFlight = BigInt(satsText(r.in_flight_sats));
  return {
    address: r.address,
    accruedSats: accrued.toString(),
    paidSats: paid.toString(),
    inFlightSats: inFlight.toString(),
    balanceSats: (accrued - inFlight - paid).toString(),
    weightSats: satsText(r.weight_sats),
    weightHeight: intOrNull(r.weight_height),
  };
}

/** Every delegate's balance and current weight, by address. */
export async function listDelegateBalances(db: Queryable): Promise<DelegateBalance[]> {
  const r = await db.query<BalanceRow>(BALANCES_SQL, [null]);
  return r.rows.map(toBalance);
}

/**
 * One delegate's balance, or undefined when the pool has never seen the address: no ledger entry, no
 * snapshot weight, no payout output.
 */
export async function getDelegateBalance(db: Queryable, address: string): Promise<DelegateBalance | undefined> {
  const r = await db.query<BalanceRow>(BALANCES_SQL, [address]);
  const row = r.rows[0];
  if (row) return toBalance(row);
  const seen = await db.query<{ n: DbNumber }>(
    `SELECT (SELECT count(*) FROM snapshot_weights WHERE address = $1) + (SELECT count(*) FROM payout_outputs WHERE address = $1) AS n`,
    [address]);
  if (countOf(seen.rows[0]?.n) === 0) return undefined;
  // Seen in an older snapshot or a payout only: a delegate with nothing on the ledger and no current weight.
  return { address, accruedSats: '0', paidSats: '0', inFlightSats: '0', balanceSats: '0', weightSats: '0', weightHeight: null };
}
