import type { PlanOutput } from '@ppm/chain';
import { SignerRefusal } from '../signing/refusal';

/** qtumd's dust limit for a P2PKH output (DESIGN rule 8): an output must be strictly above it. */
export const DUST_LIMIT_SATS = 72_800n;

/** The window of the day cap: a rolling 24 hours, not a calendar day, so two payouts either side of midnight count together. */
export const DAY_WINDOW_MS = 86_400_000;

/** The signer's amount limits, from PPM_SIGNER_MAX_*_SATS. */
export interface AmountCaps {
  readonly maxOutputSats: bigint;
  readonly maxBatchSats: bigint;
  readonly maxDaySats: bigint;
}

/** Per-output and per-batch limits: a refusal here is the policy's (PERMISSION_DENIED). */
export function checkBatchAmounts(outputs: readonly PlanOutput[], totalSats: bigint, caps: AmountCaps): void {
  for (const o of outputs) {
    if (o.amountSats <= DUST_LIMIT_SATS) {
      throw new SignerRefusal('denied', `output to ${o.address} of ${o.amountSats} sat is not above the dust limit of ${DUST_LIMIT_SATS} sat`);
    }
    if (o.amountSats > caps.maxOutputSats) {
      throw new SignerRefusal('denied', `output to ${o.address} of ${o.amountSats} sat exceeds the per-output cap of ${caps.maxOutputSats} sat`);
    }
  }
  if (totalSats > caps.maxBatchSats) {
    throw new SignerRefusal('denied', `batch total ${totalSats} sat exceeds the per-batch cap of ${caps.maxBatchSats} sat`);
  }
}

/**
 * The rolling 24 h cap: what the journal shows signed in the window plus this batch. RESOURCE_EXHAUSTED, since
 * the same batch may pass once older batches leave the window.
 */
export function checkDayCap(totalSats: bigint, signedInWindowSats: bigint, caps: AmountCaps): void {
  if (signedInWindowSats + totalSats > caps.maxDaySats) {
    throw new SignerRefusal('exhausted',
      `batch total ${totalSats} sat plus ${signedInWindowSats} sat signed in the last 24 h exceeds the daily cap of ${caps.maxDaySats} sat`);
  }
}
