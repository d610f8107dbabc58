import fc from 'fast-check';
import { splitReward, type WeightEntry } from './shares';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

// Weights: zeros, small, huge (~1e15 sat = 10M QTUM) and a few repeated values, so ties in the remainder happen.
const weight = fc.oneof(
  fc.constant(0n),
  fc.constantFrom(1n, 7n, 100_000_000n, 123_456_789_012n, 1_000_000_000_000_000n),
  fc.bigInt({ min: 1n, max: 1_000n }),
  fc.bigInt({ min: 0n, max: 2_000_000_000_000_000n }),
);
const address = fc.string({ unit: fc.constantFrom(...BASE58.split('')), minLength: 1, maxLength: 6 });
const weights = fc.uniqueArray(fc.record({ address, weightSats: weight }), { selector: (w) => w.address, maxLength: 25 });
const reward = fc.oneof(fc.bigInt({ min: 0n, max: 1_000n }), fc.bigInt({ min: 0n, max: 2_000_000_000_000n }));
const feeBps = fc.oneof(fc.constant(0), fc.constant(10_000), fc.integer({ min: 0, max: 10_000 }));

function total(ws: readonly WeightEntry[]): bigint {
  return ws.reduce((s, w) => s + w.weightSats, 0n);
}

describe('splitReward (DESIGN rule 6), properties', () => {
  it('fee is floor(R * bps / 10000) and D = R - F', () => {
    fc.assert(fc.property(reward, feeBps, weights, (r, bps, ws) => {
      const s = splitReward(r, bps, ws);
      // floor by cross-multiplication: F * 10000 <= R * bps < (F + 1) * 10000
      expect(s.poolFeeSats * 10_000n <= r * BigInt(bps)).toBe(true);
      expect(r * BigInt(bps) < (s.poolFeeSats + 1n) * 10_000n).toBe(true);
      expect(s.distributableSats).toBe(r - s.poolFeeSats);
    }), { numRuns: 500 });
  });

  it('shares sum to D exactly and each is within one satoshi of D * w / W', () => {
    fc.assert(fc.property(reward, feeBps, weights, (r, bps, ws) => {
      const s = splitReward(r, bps, ws);
      const w = total(ws);
      fc.pre(w > 0n);
      const d = s.distributableSats;
      expect(s.poolWeightSats).toBe(w);
      expect(s.unallocatedSats).toBe(0n);
      expect(s.shares.reduce((acc, x) => acc + x.shareSats, 0n)).toBe(d);
      for (const x of s.shares) {
        // |share * W - D * w| < W  <=>  |share - D*w/W| < 1
        const diff = x.shareSats * w - d * x.weightSats;
        expect(diff < w && -diff < w).toBe(true);
        // floor(D*w/W) <= share <= floor(D*w/W) + 1, by cross-multiplication: (share + 1) * W > D*w >= (share - 1) * W
        expect((x.shareSats + 1n) * w > d * x.weightSats).toBe(true);
        expect((x.shareSats - 1n) * w <= d * x.weightSats).toBe(true);
        expect(x.shareSats >= 0n).toBe(true);
      }
    }), { numRuns: 1_000 });
  });

  it('only delegates with weight > 0 get a row, each once, sorted by address, with their own weight', () => {
    fc.assert(fc.property(reward, feeBps, weights, (r, bps, ws) => {
      const s = splitReward(r, bps, ws);
      const positive = ws.filter((w) => w.weightSats > 0n);
      expect(s.shares.map((x) => x.address).sort()).toEqual(positive.map((w) => w.address).sort());
      for (let i = 1; i < s.shares.length; i++) expect(s.shares[i - 1]!.address < s.shares[i]!.address).toBe(true);
      for (const x of s.shares) expect(x.weightSats).toBe(positive.find((w) => w.address === x.address)!.weightSats);
    }), { numRuns: 500 });
  });

  it('leftover satoshis go to the largest remainders, ties to the smaller address', () => {
    fc.assert(fc.property(reward, feeBps, weights, (r, bps, ws) => {
      const s = splitReward(r, bps, ws);
      const w = s.poolWeightSats;
      fc.pre(w > 0n);
      const d = s.distributableSats;
      const rows = s.shares.map((x) => {
        const floor = (d * x.weightSats) / w;
        return { address: x.address, rem: (d * x.weightSats) % w, bumped: x.shareSats - floor };
      });
      for (const a of rows) {
        expect(a.bumped === 0n || a.bumped === 1n).toBe(true);
        for (const b of rows) {
          // A delegate who got the extra satoshi must outrank every delegate who did not.
          if (a.bumped === 1n && b.bumped === 0n) {
            expect(a.rem > b.rem || (a.rem === b.rem && a.address < b.address)).toBe(true);
          }
        }
      }
    }), { numRuns: 1_000 });
  });

  it('W == 0: nothing is shared and D is unallocated', () => {
    const zeros = fc.uniqueArray(fc.record({ address, weightSats: fc.constant(0n) }), { selector: (w) => w.address, maxLength: 5 });
    fc.assert(fc.property(reward, feeBps, zeros, (r, bps, ws) => {
      const s = splitReward(r, bps, ws);
      expect(s.shares).toEqual([]);
      expect(s.poolWeightSats).toBe(0n);
      expect(s.unallocatedSats).toBe(s.distributableSats);
      expect(s.poolFeeSats + s.unallocatedSats).toBe(r);
    }), { numRuns: 200 });
  });

  it('does not depend on the order of the input', () => {
    fc.assert(fc.property(reward, feeBps, weights, fc.integer(), (r, bps, ws, seed) => {
      const shuffled = [...ws].sort((a, b) => ((a.address.length * 31 + seed) % 7) - ((b.address.length * 31 + seed) % 7));
      expect(splitReward(r, bps, shuffled)).toEqual(splitReward(r, bps, ws));
    }), { numRuns: 200 });
  });
});

describe('splitReward, examples', () => {
  it('splits 10 sat over three equal weights: the extra satoshi goes to the smallest address', () => {
    const s = splitReward(10n, 0, [
      { address: 'qC', weightSats: 5n },
      { address: 'qA', weightSats: 5n },
      { address: 'qB', weightSats: 5n },
    ]);
    expect(s.shares.map((x) => [x.address, x.shareSats])).toEqual([['qA', 4n], ['qB', 3n], ['qC', 3n]]);
  });

  it('upper case sorts before lower case (code-point order, not locale)', () => {
    const s = splitReward(1n, 0, [{ address: 'qa', weightSats: 1n }, { address: 'qZ', weightSats: 1n }]);
    expect(s.shares.find((x) => x.shareSats === 1n)!.address).toBe('qZ');
  });

  it('applies the fee before sharing: 4 QTUM at 10 % with weights 1:3', () => {
    const s = splitReward(400_000_000n, 1_000, [{ address: 'qA', weightSats: 1n }, { address: 'qB', weightSats: 3n }]);
    expect(s.poolFeeSats).toBe(40_000_000n);
    expect(s.shares.map((x) => x.shareSats)).toEqual([90_000_000n, 270_000_000n]);
  });

  it('refuses duplicate delegates, negative weights, bad fees and negative rewards', () => {
    expect(() => splitReward(1n, 0, [{ address: 'qA', weightSats: 1n }, { address: 'qA', weightSats: 2n }])).toThrow(/duplicate/);
    expect(() => splitReward(1n, 0, [{ address: 'qA', weightSats: -1n }])).toThrow(RangeError);
    expect(() => splitReward(1n, 10_001, [])).toThrow(RangeError);
    expect(() => splitReward(1n, 1.5, [])).toThrow(RangeError);
    expect(() => splitReward(-1n, 0, [])).toThrow(RangeError);
  });
});
