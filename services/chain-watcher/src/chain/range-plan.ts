/** Heights to emit in one step, inclusive. */
export interface HeightRange {
  readonly from: number;
  readonly to: number;
}

/** Inputs of {@link planRange}. */
export interface RangeInputs {
  /** Next height to emit (stored cursor + 1), or null on an empty ledger. */
  readonly next: number | null;
  readonly tipHeight: number;
  readonly confirmations: number;
  /** PPM_START_HEIGHT; on an empty ledger the default is the confirmed tip. */
  readonly startHeight: number | undefined;
  /** Most heights per step (one getblockhash batch, one insert). */
  readonly maxBlocks: number;
}

/**
 * Rule 1: block H is emitted once tip >= H + C, in strict height order. Returns the next run of heights to emit,
 * or null when nothing is confirmed beyond the cursor.
 */
export function planRange(i: RangeInputs): HeightRange | null {
  const confirmedTip = i.tipHeight - i.confirmations;
  if (confirmedTip < 0) return null;
  const from = i.next ?? i.startHeight ?? confirmedTip;
  const to = Math.min(confirmedTip, from + i.maxBlocks - 1);
  return to < from ? null : { from, to };
}

/** The highest height that may be emitted at `tipHeight` (rule 1). */
export function confirmedTipOf(tipHeight: number, confirmations: number): number {
  return tipHeight - confirmations;
}
