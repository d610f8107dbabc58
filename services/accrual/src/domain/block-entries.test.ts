import { ConservationError, assertConserved, entriesTotal, planPoolBlock, planSelfBlock } from './block-entries';

describe('planPoolBlock', () => {
  it('writes one share per delegate with a share, the fee, and sums to R', () => {
    // R = 1001, fee 5 % -> F = floor(50.05) = 50, D = 951; weights 1:2 -> 317, 634 exactly.
    const p = planPoolBlock(1_001n, 500, [{ address: 'qA', weightSats: 1n }, { address: 'qB', weightSats: 2n }, { address: 'qC', weightSats: 0n }]);
    expect(p.entries).toEqual([
      { kind: 'delegate_share', address: 'qA', amountSats: 317n },
      { kind: 'delegate_share', address: 'qB', amountSats: 634n },
      { kind: 'pool_fee', address: null, amountSats: 50n },
    ]);
    expect(entriesTotal(p.entries)).toBe(1_001n);
  });

  it('W == 0: D is unallocated', () => {
    const p = planPoolBlock(400n, 2_500, [{ address: 'qA', weightSats: 0n }]);
    expect(p.entries).toEqual([
      { kind: 'pool_fee', address: null, amountSats: 100n },
      { kind: 'unallocated', address: null, amountSats: 300n },
    ]);
  });

  it('a 100 % fee leaves nothing to share', () => {
    expect(planPoolBlock(400n, 10_000, [{ address: 'qA', weightSats: 1n }]).entries).toEqual([{ kind: 'pool_fee', address: null, amountSats: 400n }]);
  });

  it('a delegate whose share rounds to 0 gets no entry', () => {
    // D = 1 over weights 1 and 1000: remainders 1 and 1000 -> the satoshi goes to qB.
    const p = planPoolBlock(1n, 0, [{ address: 'qA', weightSats: 1n }, { address: 'qB', weightSats: 1_000n }]);
    expect(p.entries).toEqual([{ kind: 'delegate_share', address: 'qB', amountSats: 1n }]);
  });
});

describe('planSelfBlock / assertConserved', () => {
  it('self block: one self_revenue entry of R', () => {
    expect(planSelfBlock(7n)).toEqual([{ kind: 'self_revenue', address: null, amountSats: 7n }]);
    expect(planSelfBlock(0n)).toEqual([]);
  });

  it('refuses a sum that is off by one satoshi', () => {
    expect(() => assertConserved('block 1', 99n, 100n)).toThrow(ConservationError);
    expect(() => assertConserved('block 1', 100n, 100n)).not.toThrow();
  });
});
