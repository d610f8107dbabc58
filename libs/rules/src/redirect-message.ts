/**
 * The exact text delegate A signs (with `signmessage A "<text>"` in its own wallet) to have its payouts sent to
 * B. It names the pool's staker, A and B, and a version: a signature is good for exactly that redirect, with
 * exactly that pool, and cannot be replayed for another.
 */
export function redirectMessage(stakerAddress: string, from: string, to: string): string {
  return `PPM payout redirect v1: staker ${stakerAddress}: pay ${from} to ${to}`;
}
