import type { Queryable } from '@ppm/ledger';
import { countOf, type DbNumber } from './row-values';
import type { EntryFigures, SnapshotFigures } from './status.repo';

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

/** Every delegate in address order (code-point order, the order cursors follow), and by address. */
export interface DelegateList {
  readonly sorted: readonly DelegateBalance[];
  readonly byAddress: ReadonlyMap<string, DelegateBalance>;
}

/**
 * Delegates are everyone the ledger knows plus everyone in the latest applied main-chain snapshot (a new
 * delegate has weight before its first share): the same set and figures `ppm status` reads.
 */
export function mergeDelegateBalances(entries: EntryFigures, snapshot: SnapshotFigures | undefined): DelegateList {
  const addresses = new Set<string>(entries.balances.keys());
  for (const address of snapshot?.weights.keys() ?? []) addresses.add(address);
  const sorted = [...addresses].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((address): DelegateBalance => {
    const sums = entries.balances.get(address) ?? { accrued: 0n, paid: 0n, inFlight: 0n };
    return {
      address,
      accruedSats: sums.accrued.toString(),
      paidSats: sums.paid.toString(),
      inFlightSats: sums.inFlight.toString(),
      balanceSats: (sums.accrued - sums.inFlight - sums.paid).toString(),
      weightSats: snapshot?.weights.get(address) ?? '0',
      weightHeight: snapshot ? snapshot.height : null,
    };
  });
  return { sorted, byAddress: new Map(sorted.map((d) => [d.address, d])) };
}

/**
 * Whether the pool has seen `address` outside the ledger and the latest snapshot: in an older snapshot or a
 * payout output only (a delegate with nothing on the ledger and no current weight).
 */
export async function seenElsewhere(db: Queryable, address: string): Promise<boolean> {
  const seen = await db.query<{ n: DbNumber }>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM snapshot_weights WHERE address = $1 LIMIT 1) w)
      + (SELECT count(*) FROM (SELECT 1 FROM payout_outputs WHERE address = $1 LIMIT 1) o) AS n`,
    [address]);
  return countOf(seen.rows[0]?.n) > 0;
}

/** The balance of a delegate the pool saw only in an older snapshot or a payout. */
export function zeroBalance(address: string): DelegateBalance {
  return { address, accruedSats: '0', paidSats: '0', inFlightSats: '0', balanceSats: '0', weightSats: '0', weightHeight: null };
}
