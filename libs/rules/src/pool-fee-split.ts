/** One recipient's part of a pool-fee split. */
export interface PoolFeePart {
  readonly address: string;
  readonly amountSats: bigint;
}

/**
 * Splits `amountSats` of pool fee among `split` by basis points (they sum to 10,000, as the rules file demands):
 * each address gets floor(amount * bps / 10000); the leftover satoshis go one each to the largest remainders
 * (amount * bps mod 10000), ties broken by ascending address (the same rule as DESIGN rule 6). The parts sum to
 * `amountSats` exactly; parts of 0 are left out. Returned in address order.
 */
export function splitPoolFee(amountSats: bigint, split: readonly { readonly address: string; readonly bps: number }[]): PoolFeePart[] {
  if (amountSats < 0n) throw new RangeError(`pool fee to split must be >= 0, got ${amountSats}`);
  const total = split.reduce((t, s) => t + s.bps, 0);
  if (split.length === 0 || total !== 10_000) throw new RangeError(`pool-fee split bps must sum to 10000, got ${total}`);
  const parts = split.map((s) => ({
    address: s.address,
    amountSats: (amountSats * BigInt(s.bps)) / 10_000n,
    remainder: (amountSats * BigInt(s.bps)) % 10_000n,
  }));
  let left = amountSats - parts.reduce((t, p) => t + p.amountSats, 0n);
  const order = [...parts].sort((a, b) => (a.remainder !== b.remainder ? (a.remainder > b.remainder ? -1 : 1) : a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  for (const p of order) {
    if (left === 0n) break;
    p.amountSats += 1n;
    left -= 1n;
  }
  return parts
    .filter((p) => p.amountSats > 0n)
    .map((p) => ({ address: p.address, amountSats: p.amountSats }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}
