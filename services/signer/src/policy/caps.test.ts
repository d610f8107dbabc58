import { SignerRefusal } from '../signing/refusal';
import { checkBatchAmounts, checkDayCap } from './caps';

const caps = { maxOutputSats: 1_000_000n, maxBatchSats: 1_500_000n, maxDaySats: 2_000_000n };
const o = (amountSats: bigint) => ({ address: 'q', amountSats });
const kind = (fn: () => void) => {
  try { fn(); } catch (e) { return e instanceof SignerRefusal ? e.kind : 'other'; }
  return 'none';
};

describe('caps', () => {
  it('refuses dust (<= 72,800 sat) and outputs over the cap, inclusive bounds', () => {
    expect(kind(() => checkBatchAmounts([o(72_800n)], 72_800n, caps))).toBe('denied');
    expect(kind(() => checkBatchAmounts([o(72_801n)], 72_801n, caps))).toBe('none');
    expect(kind(() => checkBatchAmounts([o(1_000_000n)], 1_000_000n, caps))).toBe('none');
    expect(kind(() => checkBatchAmounts([o(1_000_001n)], 1_000_001n, caps))).toBe('denied');
  });
  it('refuses a batch over the batch cap', () => {
    expect(kind(() => checkBatchAmounts([o(800_000n), o(700_000n)], 1_500_000n, caps))).toBe('none');
    expect(kind(() => checkBatchAmounts([o(800_000n), o(700_001n)], 1_500_001n, caps))).toBe('denied');
  });
  it('day cap counts the window plus the batch, as RESOURCE_EXHAUSTED', () => {
    expect(kind(() => checkDayCap(500_000n, 1_500_000n, caps))).toBe('none');
    expect(kind(() => checkDayCap(500_001n, 1_500_000n, caps))).toBe('exhausted');
  });
});
