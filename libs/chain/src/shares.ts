/** One delegate's weight at a block (rule 5). */
export interface WeightEntry {
  readonly address: string;
  readonly weightSats: bigint;
}

/** One delegate's share of a block (rule 6). */
export interface ShareEntry {
  readonly address: string;
  readonly weightSats: bigint;
  readonly shareSats: bigint;
}

/** The split of one block's reward. */
export interface ShareSplit {
  readonly rewardSats: bigint;
  readonly poolFeeSats: bigint;
  /** D = R - F. */
  readonly distributableSats: bigint;
  /** W: sum of the weights. */
  readonly poolWeightSats: bigint;
  /** Shares sorted by address; only delegates with weight > 0. Sum == D when W > 0. */
  readonly shares: readonly ShareEntry[];
  /** D when W == 0 (nobody to share with), else 0. */
  readonly unallocatedSats: bigint;
}

/** Basis points in 100 %. */
export const BPS_DENOMINATOR = 10_000n;

/**
 * DESIGN rule 6. F = floor(R * feeBps / 10,000); D = R - F; each delegate with w > 0 gets floor(D * w / W); the
 * leftover satoshis go one each to the largest remainders (D * w mod W), ties by ascending address.
 * Duplicate addresses are rejected: the caller must aggregate weights per delegate.
 */
export function splitReward(rewardSats: bigint, feeBps: number, weights: readonly WeightEntry[]): ShareSplit {
  if (rewardSats < 0n) throw new RangeError(`reward must be >= 0, got ${rewardSats}`);
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > 10_000) throw new RangeError(`feeBps must be 0..10000, got ${feeBps}`);
  const poolFeeSats = (rewardSats * BigInt(feeBps)) / BPS_DENOMINATOR;
  const d = rewardSats - poolFeeSats;
  const positive = weights.filter((w) => w.weightSats > 0n).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  for (let i = 1; i < positive.length; i++) {
    if (positive[i]!.address === positive[i - 1]!.address) throw new RangeError(`duplicate delegate ${positive[i]!.address}`);
  }
  if (weights.some((w) => w.weightSats < 0n)) throw new RangeError('weights must be >= 0');
  let total = 0n;
  for (const w of positive) total += w.weightSats;
  if (total === 0n) {
    return { rewardSats, poolFeeSats, distributableSats: d, poolWeightSats: 0n, shares: [], unallocatedSats: d };
  }
  const rows = positive.map((w, i) => ({ i, w, floor: (d * w.weightSats) / total, rem: (d * w.weightSats) % total }));
  let leftover = d;
  for (const r of rows) leftover -= r.floor;
  // Largest remainder first; ties by ascending address (rows are already in address order, so by index).
  const order = [...rows].sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  const extra = new Set(order.slice(0, Number(leftover)).map((r) => r.i));
  const shares = rows.map((r) => ({ address: r.w.address, weightSats: r.w.weightSats, shareSats: r.floor + (extra.has(r.i) ? 1n : 0n) }));
  return { rewardSats, poolFeeSats, distributableSats: d, poolWeightSats: total, shares, unallocatedSats: 0n };
}
