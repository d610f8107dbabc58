import { createEarningsView, EARNINGS_WINDOW_SEC } from '../earnings/earnings-view';
import { emptyEarnings, type StakedBlock } from '../earnings/earnings-state';
import { SignerRefusal } from '../signing/refusal';
import { checkEarnedTotal, checkRecipientBound, effectiveCaps } from './chain-bound';

const T = 1_800_000_000;
const block = (height: number, timeSec: number, rewardSats: bigint, kind: 'pool' | 'self' = 'pool'): StakedBlock =>
  ({ height, hash: height.toString(16).padStart(64, '0'), timeSec, kind, rewardSats });
const view = createEarningsView({
  ...emptyEarnings('S', 100), scannedTo: 500, scannedToHash: 'ab'.repeat(32),
  blocks: [block(110, T - EARNINGS_WINDOW_SEC - 1, 700n), block(200, T - EARNINGS_WINDOW_SEC, 50n), block(300, T - 10, 30n), block(310, T - 5, 1_000n, 'self')],
}, T);
const refusal = (fn: () => void) => {
  try { fn(); } catch (e) { return e instanceof SignerRefusal ? e.kind : 'other'; }
  return 'none';
};

describe('chain bound', () => {
  it('counts pool blocks only (self blocks are pool revenue, never owed), and the 7-day window by block time', () => {
    expect(view.poolSats).toBe(780n);
    expect(view.poolSatsLastWeek).toBe(30n);
    expect(view.poolSatsAbove(110)).toBe(80n);
    expect(view.poolSatsAbove(109)).toBe(780n);
  });

  it('derives the caps from the last 7 days plus the imported allowance; overrides only lower them', () => {
    expect(effectiveCaps(view, {}, 0n)).toEqual({ derivedSats: 30n, maxOutputSats: 30n, maxBatchSats: 30n, maxDaySats: 30n });
    expect(effectiveCaps(view, { maxOutputSats: 10n, maxDaySats: 1_000n }, 5n)).toEqual({ derivedSats: 35n, maxOutputSats: 10n, maxBatchSats: 35n, maxDaySats: 35n });
  });

  it('bounds the total ever signed, inclusive', () => {
    const ctx = { startHeight: 100, importedSats: 0n };
    expect(refusal(() => checkEarnedTotal(80n, view, { totalSats: 700n }, ctx))).toBe('none');
    expect(refusal(() => checkEarnedTotal(81n, view, { totalSats: 700n }, ctx))).toBe('denied');
    expect(refusal(() => checkEarnedTotal(81n, view, { totalSats: 700n }, { ...ctx, importedSats: 1n }))).toBe('none');
  });

  it('bounds each recipient by the pool rewards since its first delegation', () => {
    const ctx = { startHeight: 100, importedSats: 0n };
    const first = new Map([['aa', 150], ['bb', 50]]);
    const out = (hash160Hex: string, amountSats: bigint) => [{ address: hash160Hex, hash160Hex, amountSats }];
    expect(refusal(() => checkRecipientBound(out('aa', 80n), view, new Map(), first, ctx))).toBe('none');
    expect(refusal(() => checkRecipientBound(out('aa', 61n), view, new Map([['aa', 20n]]), first, ctx))).toBe('denied');
    expect(refusal(() => checkRecipientBound(out('bb', 780n), view, new Map(), first, ctx))).toBe('none');
    expect(refusal(() => checkRecipientBound(out('cc', 1n), view, new Map(), first, ctx))).toBe('denied');
  });
});
