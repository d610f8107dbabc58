import type { BlockRef } from './block-ref';

/**
 * The highest stored row that is still on the node's main chain. `stored` is a run of main-chain rows in
 * DESCENDING height order and `nodeHashes[i]` the node's hash at `stored[i].height` (null above its tip).
 * Equal hashes at a height imply equal chains below it, so the first match walking down is the fork point.
 * Returns undefined when none of `stored` matches (the fork is lower still).
 */
export function highestCommonBlock(stored: readonly BlockRef[], nodeHashes: readonly (string | null)[]): BlockRef | undefined {
  if (stored.length !== nodeHashes.length) throw new RangeError(`${stored.length} rows but ${nodeHashes.length} node hashes`);
  for (let i = 1; i < stored.length; i++) {
    if (stored[i]!.height >= stored[i - 1]!.height) throw new RangeError('stored rows must be in descending height order');
  }
  return stored.find((row, i) => nodeHashes[i] === row.hash);
}

/** Page sizes of the walk back to the fork point: short reorgs cost one small batch, deep ones a few doubling ones. */
export function forkSearchPageSize(page: number): number {
  return Math.min(16 * 2 ** page, 4_096);
}
