import fc from 'fast-check';
import { splitReward, type WeightEntry } from '@ppm/chain';
import type { DelegateRules } from '../rules-schema';
import { splitWithRules } from './split-with-rules';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const address = fc.string({ unit: fc.constantFrom(...BASE58.split('')), minLength: 1, maxLength: 4 });
const weight = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 1_000n }), fc.bigInt({ min: 0n, max: 2_000_000_000_000_000n }));
const weights = fc.uniqueArray(fc.record({ address, weightSats: weight }), { selector: (w) => w.address, maxLength: 20 });
const reward = fc.oneof(fc.bigInt({ min: 0n, max: 1_000n }), fc.bigInt({ min: 0n, max: 2_000_000_000_000n }));
const feeBps = fc.oneof(fc.constant(0), fc.constant(10_000), fc.integer({ min: 0, max: 10_000 }));

const NONE: DelegateRules = { version: 1, leftover: 'pool', exclude: [], feeOverrides: [], minWeightSats: 0n, redirects: [], poolFeeSplit: [] };
const rules = (r: Partial<DelegateRules>): DelegateRules => ({ ...NONE, ...r });

/** Random rules over the block's own addresses and a few strangers. */
function arbRules(ws: readonly WeightEntry[]) {
  const addrs = [...ws.map((w) => w.address), 'zz1', 'zz2'];
  const pick = fc.subarray(addrs);
  return fc.record({
    leftover: fc.constantFrom('pool' as const, 'redistribute' as const),
    excluded: pick,
    overrides: fc.array(fc.tuple(fc.constantFrom(...addrs), fc.integer({ min: 0, max: 10_000 })), { maxLength: 6 }),
    minWeightSats: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 2_000n }), fc.bigInt({ min: 0n, max: 2_000_000_000_000_000n })),
  }).map((x) => {
    const excluded = new Set(x.excluded);
    const feeOverrides = [...new Map(x.overrides.filter(([a]) => !excluded.has(a))).entries()].map(([a, feeBps]) => ({ address: a, feeBps }));
    return rules({ leftover: x.leftover, exclude: x.excluded.map((a) => ({ address: a })), feeOverrides, minWeightSats: x.minWeightSats });
  });
}

const sum = (xs: readonly { shareSats: bigint }[]) => xs.reduce((t, x) => t + x.shareSats, 0n);

describe('splitWithRules, properties', () => {
  it('no rules, or rules that touch no delegate of the block, equal splitReward exactly', () => {
    fc.assert(fc.property(reward, feeBps, weights, fc.constantFrom('pool' as const, 'redistribute' as const), (r, bps, ws, leftover) => {
      const plain = { ...splitReward(r, bps, ws), effects: [] };
      expect(splitWithRules(r, bps, ws, null)).toEqual(plain);
      // Exclusions of strangers and zero-weight delegates, a minimum at or below every positive weight, and
      // overrides to the global fee touch nobody.
      const positive = ws.filter((w) => w.weightSats > 0n);
      const min = positive.reduce((m, w) => (w.weightSats < m ? w.weightSats : m), positive[0]?.weightSats ?? 0n);
      const idle = rules({
        leftover, minWeightSats: min,
        exclude: [{ address: 'zz1' }, ...ws.filter((w) => w.weightSats === 0n).map((w) => ({ address: w.address }))],
        feeOverrides: [{ address: 'zz2', feeBps: 1 }, ...positive.slice(0, 3).map((w) => ({ address: w.address, feeBps: bps }))],
      });
      expect(splitWithRules(r, bps, ws, idle)).toEqual(plain);
    }), { numRuns: 500 });
  });

  it('conservation: shares + pool fee + unallocated == R, pool fee >= 0, shares >= 0, ineligible never credited', () => {
    fc.assert(fc.property(reward, feeBps, weights.chain((ws) => fc.tuple(fc.constant(ws), arbRules(ws))), (r, bps, [ws, rs]) => {
      const s = splitWithRules(r, bps, ws, rs);
      expect(sum(s.shares) + s.poolFeeSats + s.unallocatedSats).toBe(r);
      expect(s.distributableSats).toBe(r - s.poolFeeSats);
      expect(s.poolFeeSats >= 0n).toBe(true);
      expect(s.unallocatedSats >= 0n).toBe(true);
      for (const x of s.shares) expect(x.shareSats >= 0n).toBe(true);
      const out = new Set(s.effects.filter((e) => e.rule !== 'fee_override').map((e) => e.address));
      for (const x of s.shares) expect(out.has(x.address)).toBe(false);
      for (const e of rs.exclude) expect(s.shares.find((x) => x.address === e.address)).toBeUndefined();
      // Each fee_override effect is exactly the change of that delegate's share against the split without overrides.
      const noOverrides = splitWithRules(r, bps, ws, { ...rs, feeOverrides: [] });
      for (const e of s.effects) {
        if (e.rule !== 'fee_override') continue;
        const before = noOverrides.shares.find((x) => x.address === e.address)!.shareSats;
        expect(s.shares.find((x) => x.address === e.address)!.shareSats).toBe(before + e.adjustSats);
      }
      expect(s.poolFeeSats).toBe(noOverrides.poolFeeSats - s.effects.reduce((t, e) => t + (e.rule === 'fee_override' ? e.adjustSats : 0n), 0n));
    }), { numRuns: 1_000 });
  });
});

describe('splitWithRules, hand-computed', () => {
  // R = 1,000,000 sat, global fee 10 % (1,000 bps); weights A 100, B 300, C 600 (W = 1,000).
  const R = 1_000_000n;
  const ws = [{ address: 'qA', weightSats: 100n }, { address: 'qB', weightSats: 300n }, { address: 'qC', weightSats: 600n }];
  const shares = (s: { shares: readonly { address: string; shareSats: bigint }[] }) => Object.fromEntries(s.shares.map((x) => [x.address, x.shareSats]));

  it('no rules: F = 100,000, D = 900,000 -> 90,000 / 270,000 / 540,000', () => {
    const s = splitWithRules(R, 1_000, ws, null);
    expect(shares(s)).toEqual({ qA: 90_000n, qB: 270_000n, qC: 540_000n });
    expect(s.poolFeeSats).toBe(100_000n);
  });

  it('exclusion, leftover pool: C\'s 540,000 is withheld and added to the pool fee (100,000 + 540,000)', () => {
    const s = splitWithRules(R, 1_000, ws, rules({ leftover: 'pool', exclude: [{ address: 'qC' }] }));
    expect(shares(s)).toEqual({ qA: 90_000n, qB: 270_000n });
    expect(s.poolFeeSats).toBe(640_000n);
    expect(s.poolWeightSats).toBe(1_000n);
    expect(s.effects).toEqual([{ rule: 'excluded', address: 'qC', weightSats: 600n, withheldSats: 540_000n }]);
  });

  it('exclusion, leftover redistribute: D = 900,000 over A and B only (W = 400) -> 225,000 / 675,000', () => {
    const s = splitWithRules(R, 1_000, ws, rules({ leftover: 'redistribute', exclude: [{ address: 'qC' }] }));
    expect(shares(s)).toEqual({ qA: 225_000n, qB: 675_000n });
    expect(s.poolFeeSats).toBe(100_000n);
    expect(s.poolWeightSats).toBe(400n);
    expect(s.effects).toEqual([{ rule: 'excluded', address: 'qC', weightSats: 600n, withheldSats: 540_000n }]);
  });

  it('minimum weight 301: A and B are below it (pool: 90,000 + 270,000 withheld); a zero weight is not "below"', () => {
    const withZero = [...ws, { address: 'qD', weightSats: 0n }];
    const pool = splitWithRules(R, 1_000, withZero, rules({ leftover: 'pool', minWeightSats: 301n }));
    expect(shares(pool)).toEqual({ qC: 540_000n });
    expect(pool.poolFeeSats).toBe(460_000n);
    expect(pool.effects).toEqual([
      { rule: 'below_minimum', address: 'qA', weightSats: 100n, withheldSats: 90_000n },
      { rule: 'below_minimum', address: 'qB', weightSats: 300n, withheldSats: 270_000n },
    ]);
    const redistribute = splitWithRules(R, 1_000, withZero, rules({ leftover: 'redistribute', minWeightSats: 301n }));
    expect(shares(redistribute)).toEqual({ qC: 900_000n });
    expect(redistribute.poolFeeSats).toBe(100_000n);
  });

  it('fee override below the global fee: B at 5 % gets floor(300,000 * 500 / 10,000) = 15,000 more, the pool 15,000 less', () => {
    // g_B = floor(1,000,000 * 300 / 1,000) = 300,000; adjust = floor(300,000 * (1,000 - 500) / 10,000) = 15,000.
    const s = splitWithRules(R, 1_000, ws, rules({ feeOverrides: [{ address: 'qB', feeBps: 500 }] }));
    expect(shares(s)).toEqual({ qA: 90_000n, qB: 285_000n, qC: 540_000n });
    expect(s.poolFeeSats).toBe(85_000n);
    expect(s.effects).toEqual([{ rule: 'fee_override', address: 'qB', weightSats: 300n, feeBps: 500, adjustSats: 15_000n }]);
  });

  it('fee override above the global fee: A at 25 % gives floor(100,000 * -1,500 / 10,000) = -15,000; 100 % leaves A nothing', () => {
    const s = splitWithRules(R, 1_000, ws, rules({ feeOverrides: [{ address: 'qA', feeBps: 2_500 }] }));
    expect(shares(s)).toEqual({ qA: 75_000n, qB: 270_000n, qC: 540_000n });
    expect(s.poolFeeSats).toBe(115_000n);
    const all = splitWithRules(R, 1_000, ws, rules({ feeOverrides: [{ address: 'qA', feeBps: 10_000 }] }));
    expect(shares(all).qA).toBe(0n);
    expect(all.poolFeeSats).toBe(190_000n);
  });

  it('negative adjustments floor down (mathematical floor) and clamp at the share', () => {
    // R = 7, fee 0, one delegate at 1 bps: g = 7, adjust = floor(7 * -1 / 10,000) = -1 (not 0).
    const s = splitWithRules(7n, 0, [{ address: 'qA', weightSats: 1n }], rules({ feeOverrides: [{ address: 'qA', feeBps: 1 }] }));
    expect(shares(s)).toEqual({ qA: 6n });
    expect(s.poolFeeSats).toBe(1n);
    // R = 3 over weights 1:2 at a global 0 %: A's share 1, g_A = 1, override 100 % -> adjust -1 (= -share).
    const c = splitWithRules(3n, 0, [{ address: 'qA', weightSats: 1n }, { address: 'qB', weightSats: 2n }], rules({ feeOverrides: [{ address: 'qA', feeBps: 10_000 }] }));
    expect(shares(c)).toEqual({ qA: 0n, qB: 2n });
    expect(c.effects).toEqual([{ rule: 'fee_override', address: 'qA', weightSats: 1n, feeBps: 10_000, adjustSats: -1n }]);
  });

  it('every rule at once, leftover redistribute: exclusion, minimum and override over the eligible weight', () => {
    // Exclude C, minimum 200 (A out): B alone, W = 300. F = 100,000, D = 900,000 -> B 900,000.
    // Override B at 0 %: g_B = floor(1,000,000 * 300 / 300) = 1,000,000; adjust = 100,000 -> B 1,000,000, pool 0.
    const s = splitWithRules(R, 1_000, ws, rules({
      leftover: 'redistribute', exclude: [{ address: 'qC' }], minWeightSats: 200n, feeOverrides: [{ address: 'qB', feeBps: 0 }],
    }));
    expect(shares(s)).toEqual({ qB: 1_000_000n });
    expect(s.poolFeeSats).toBe(0n);
    expect(s.effects.map((e) => e.rule)).toEqual(['below_minimum', 'fee_override', 'excluded']);
  });

  it('redistribute with nobody eligible: D is unallocated (rule 6 with W == 0)', () => {
    const s = splitWithRules(R, 1_000, ws, rules({ leftover: 'redistribute', minWeightSats: 10_000n }));
    expect(s.shares).toEqual([]);
    expect(s.poolWeightSats).toBe(0n);
    expect(s.unallocatedSats).toBe(900_000n);
    expect(s.poolFeeSats).toBe(100_000n);
  });
});
