/**
 * Checks a getblockhash read of a run of heights made in DESCENDING order (one batch, which qtumd executes in
 * order), followed by a second read of the top height. If the node switched branches during the batch, the
 * top was read before the switch and re-reads differently; a switch after the batch shows at the next tick's
 * cursor check. So: both top reads agree and no height is missing -> the run is one chain.
 * Returns the hashes in ASCENDING height order, or null (retry).
 */
export function consistentDescendingRead(descending: readonly (string | null)[], topAgain: string | null): string[] | null {
  if (descending.length === 0 || !topAgain || descending[0] !== topAgain) return null;
  if (descending.some((h) => !h)) return null;
  return [...(descending as string[])].reverse();
}
