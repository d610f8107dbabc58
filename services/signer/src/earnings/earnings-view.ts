import type { EarningsState } from './earnings-state';

/** The window of the derived caps: the pool's earnings of the last 7 days (by block time). */
export const EARNINGS_WINDOW_SEC = 7 * 86_400;

/** Read-only figures of a counted range. Amounts in satoshis. */
export interface EarningsView {
  /** Highest height counted (blocks buried at least PPM_CONFIRMATIONS deep). */
  readonly scannedTo: number;
  /** Sum of rewards of pool blocks (staked by S with a delegate's coins) since the start height. */
  readonly poolSats: bigint;
  /** Sum of rewards of pool blocks in the 7 days (block time) up to the last counted height. */
  readonly poolSatsLastWeek: bigint;
  /** Pool rewards of blocks above `height` (a delegation mined at `height` is in effect from height + 1, rule 4). */
  poolSatsAbove(height: number): bigint;
}

/** Builds the view; `refTimeSec` is the time of the block at `scannedTo`. */
export function createEarningsView(state: EarningsState, refTimeSec: number): EarningsView {
  const pool = state.blocks.filter((b) => b.kind === 'pool');
  const sum = (keep: (b: (typeof pool)[number]) => boolean) => pool.reduce((t, b) => (keep(b) ? t + b.rewardSats : t), 0n);
  return {
    scannedTo: state.scannedTo,
    poolSats: sum(() => true),
    poolSatsLastWeek: sum((b) => b.timeSec > refTimeSec - EARNINGS_WINDOW_SEC),
    poolSatsAbove: (height) => sum((b) => b.height > height),
  };
}
