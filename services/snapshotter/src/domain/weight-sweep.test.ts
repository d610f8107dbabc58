import fc from 'fast-check';
import { coinsAfterBlock, CoinsAsOfError, weightsFromCoins, type Coin, type SpentCoin } from './coins-as-of';
import { sweepCoins, WeightSweep } from './weight-sweep';
import { ADDRS, genCoin, generatedCoins, type Gen } from './test/generated-coins';

const MIN = 100n;
const RULES = { minUtxoSats: MIN, network: 'regtest' as const };

function history(gens: readonly Gen[]): { current: Coin[]; spent: SpentCoin[] } {
  const current: Coin[] = [];
  const spent: SpentCoin[] = [];
  for (const { spentHeight, ...c } of generatedCoins(gens)) {
    if (spentHeight === undefined) current.push(c);
    else spent.push({ ...c, spentHeight });
  }
  return { current, spent };
}

const gen = genCoin;

describe('WeightSweep', () => {
  it('equals coinsAfterBlock + weightsFromCoins at every asked height, maturity growing once', () => {
    fc.assert(fc.property(
      fc.array(gen, { maxLength: 60 }),
      fc.array(fc.integer({ min: 20, max: 120 }), { minLength: 1, maxLength: 15 }),
      fc.integer({ min: 20, max: 120 }),
      (gens, rawHeights, fork) => {
        const { current, spent } = history(gens);
        const heights = [...rawHeights].sort((a, b) => a - b);
        const from = heights[0]!;
        const maturityAt = (h: number) => (h < fork ? 5 : 20);
        const sweep = new WeightSweep(sweepCoins(current, spent, from, RULES));
        for (const H of heights) {
          const want = weightsFromCoins(coinsAfterBlock(current, spent, H), ADDRS, { height: H, maturity: maturityAt(H), ...RULES });
          expect(sweep.weightsAt(H, maturityAt(H), ADDRS)).toEqual(want);
        }
      },
    ), { numRuns: 300 });
  });

  it('counts a coin from H - M reaching its height and stops at the block after its spend', () => {
    const [a] = ADDRS as [string];
    const { current, spent } = history([
      { who: 0, value: 100, height: 10, life: 15, p2pk: false, foreignScript: false }, // spent in block 25
      { who: 0, value: 200, height: 12, life: undefined, p2pk: false, foreignScript: false },
      { who: 0, value: 99, height: 1, life: undefined, p2pk: false, foreignScript: false }, // below the minimum
    ]);
    const sweep = new WeightSweep(sweepCoins(current, spent, 14, RULES));
    expect(sweep.weightsAt(14, 5, [a]).get(a)).toBe(0n); // top 9
    expect(sweep.weightsAt(15, 5, [a]).get(a)).toBe(100n); // top 10
    expect(sweep.weightsAt(17, 5, [a]).get(a)).toBe(300n);
    expect(sweep.weightsAt(25, 5, [a]).get(a)).toBe(300n); // spent IN block 25: still counted as of 25
    expect(sweep.weightsAt(26, 5, [a]).get(a)).toBe(200n);
    expect(sweep.weightsAt(26, 20, [a]).get(a)).toBe(0n); // maturity grew: top 6
    expect(() => sweep.weightsAt(25, 20, [a])).toThrow(RangeError);
  });

  it('drops coins whose script does not pay the address they are filed under', () => {
    const { current, spent } = history([{ who: 0, value: 300, height: 1, life: undefined, p2pk: false, foreignScript: true }]);
    expect(sweepCoins(current, spent, 10, RULES)).toEqual([]);
  });

  it('refuses answers where one outpoint is unspent and spent', () => {
    const { current } = history([{ who: 0, value: 300, height: 1, life: undefined, p2pk: false, foreignScript: false }]);
    expect(() => sweepCoins(current, [{ ...current[0]!, spentHeight: 12 }], 10, RULES)).toThrow(CoinsAsOfError);
    expect(() => sweepCoins([], [{ ...current[0]!, height: 13, spentHeight: 12 }], 10, RULES)).toThrow(CoinsAsOfError);
  });
});
