import { splitPoolFee } from './pool-fee-split';

describe('pool-fee split', () => {
  it('floors by bps and gives the leftover to the largest remainders, ties by ascending address', () => {
    // 1,000,001 sat at 7000/3000: 700,000.7 and 300,000.3 -> floors 700,000 + 300,000, 1 sat left -> qX (remainder 7000).
    expect(splitPoolFee(1_000_001n, [{ address: 'qY', bps: 3000 }, { address: 'qX', bps: 7000 }]))
      .toEqual([{ address: 'qX', amountSats: 700_001n }, { address: 'qY', amountSats: 300_000n }]);
    // 5 sat at 5000/5000: 2.5 each, a tie: the 1 sat goes to the lower address.
    expect(splitPoolFee(5n, [{ address: 'qB', bps: 5000 }, { address: 'qA', bps: 5000 }]))
      .toEqual([{ address: 'qA', amountSats: 3n }, { address: 'qB', amountSats: 2n }]);
    // 2 sat over 3334/3333/3333: remainders 6668, 6666, 6666 -> qA then the tie qB < qC: qB.
    expect(splitPoolFee(2n, [{ address: 'qC', bps: 3333 }, { address: 'qB', bps: 3333 }, { address: 'qA', bps: 3334 }]))
      .toEqual([{ address: 'qA', amountSats: 1n }, { address: 'qB', amountSats: 1n }]);
    expect(splitPoolFee(0n, [{ address: 'qA', bps: 10_000 }])).toEqual([]);
  });

  it('always sums to the amount exactly', () => {
    const split = [{ address: 'q1', bps: 1 }, { address: 'q2', bps: 4321 }, { address: 'q3', bps: 5678 }];
    for (const amount of [1n, 7n, 9_999n, 10_001n, 123_456_789n, 2n ** 62n + 3n]) {
      expect(splitPoolFee(amount, split).reduce((t, p) => t + p.amountSats, 0n)).toBe(amount);
    }
  });

  it('refuses bps that do not sum to 10000 and a negative amount', () => {
    expect(() => splitPoolFee(10n, [{ address: 'qA', bps: 9000 }])).toThrow(/10000/);
    expect(() => splitPoolFee(-1n, [{ address: 'qA', bps: 10_000 }])).toThrow(RangeError);
  });
});
