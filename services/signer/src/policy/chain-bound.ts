import type { EarningsView } from '../earnings/earnings-view';
import { SignerRefusal } from '../signing/refusal';
import type { AmountCaps } from './caps';

/** A batch output with the recipient's hash160 (from checkRecipientAddresses). */
export interface BoundOutput {
  readonly address: string;
  readonly hash160Hex: string;
  readonly amountSats: bigint;
}

/** What the signer has signed before, from its journal. */
export interface SignedSoFar {
  /** Every batch ever signed. */
  readonly totalSats: bigint;
  /** Per recipient hash160. */
  readonly byRecipient: ReadonlyMap<string, bigint>;
}

/** Where the bound comes from, for refusal messages. */
export interface BoundContext {
  readonly startHeight: number;
  /** PPM_SIGNER_IMPORTED_SATS: balances owed from before the start height (import-ppm), set on the signer's host. */
  readonly importedSats: bigint;
}

/**
 * The signer's own bound from the chain (DESIGN rule 8): the total it has ever signed, with this batch, never
 * exceeds what pool blocks of S earned on chain since the start height (plus the imported opening balances). The
 * figure comes from the node, never from the caller or the database. PERMISSION_DENIED: a plan the chain does not
 * back. Checked before the caps, so a forged plan is named as such.
 */
export function checkEarnedTotal(totalSats: bigint, view: EarningsView, signed: Pick<SignedSoFar, 'totalSats'>, ctx: BoundContext): void {
  const earned = view.poolSats + ctx.importedSats;
  if (signed.totalSats + totalSats > earned) {
    throw new SignerRefusal('denied',
      `batch total ${totalSats} sat plus ${signed.totalSats} sat signed before exceeds what the pool earned on chain: ` +
      `${view.poolSats} sat from pool blocks of S between heights ${ctx.startHeight} and ${view.scannedTo}` +
      `${ctx.importedSats > 0n ? ` plus ${ctx.importedSats} sat imported (PPM_SIGNER_IMPORTED_SATS)` : ''}`);
  }
}

/**
 * No recipient ever receives more than all pool rewards since its first delegation to S (plus the imported
 * allowance): what it received before (the journal's signed txs) plus this output. PERMISSION_DENIED.
 */
export function checkRecipientBound(
  outputs: readonly BoundOutput[],
  view: EarningsView,
  byRecipient: SignedSoFar['byRecipient'],
  firstDelegationHeight: ReadonlyMap<string, number>,
  ctx: BoundContext,
): void {
  for (const o of outputs) {
    const since = firstDelegationHeight.get(o.hash160Hex);
    if (since === undefined) throw new SignerRefusal('denied', `recipient ${o.address} has never delegated to the pool's staker`);
    const limit = view.poolSatsAbove(since) + ctx.importedSats;
    const before = byRecipient.get(o.hash160Hex) ?? 0n;
    if (before + o.amountSats > limit) {
      throw new SignerRefusal('denied',
        `output to ${o.address} of ${o.amountSats} sat plus ${before} sat it received before exceeds all pool rewards since its ` +
        `first delegation to S at height ${since} (${limit} sat counted to height ${view.scannedTo})`);
    }
  }
}

/** PPM_SIGNER_MAX_*_SATS: optional limits that can only lower the caps derived from the chain. */
export type CapOverrides = Partial<AmountCaps>;

/**
 * The caps in force: each derived from the chain (the pool's earnings of the last 7 days, plus the imported
 * allowance, so a week of missed payouts can still be paid in one day), lowered by its override when one is set.
 */
export function effectiveCaps(view: EarningsView, overrides: CapOverrides, importedSats: bigint): AmountCaps & { derivedSats: bigint } {
  const derivedSats = view.poolSatsLastWeek + importedSats;
  const pick = (o: bigint | undefined) => (o !== undefined && o < derivedSats ? o : derivedSats);
  return {
    derivedSats,
    maxOutputSats: pick(overrides.maxOutputSats),
    maxBatchSats: pick(overrides.maxBatchSats),
    maxDaySats: pick(overrides.maxDaySats),
  };
}
