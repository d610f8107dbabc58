import fc from 'fast-check';
import { CoinsAsOfError, type Coin, type SpentCoin } from './coins-as-of';
import { CoinSet } from './coin-set';
import { sweepCoins, type SweepCoin } from './weight-sweep';
import { ADDRS, genCoin, generatedCoins } from './test/generated-coins';

const RULES = { minUtxoSats: 100n, network: 'regtest' as const };

type Spendable = Coin & { spentHeight: number | undefined };
const coins = generatedCoins;

/** The answers of a full read at tip `tip` with spends from `from`: getaddressutxos and the resolved spends. */
function readAt(all: readonly Spendable[], tip: number, from: number): { current: Coin[]; spent: SpentCoin[] } {
  const alive = all.filter((c) => c.height <= tip);
  return {
    current: alive.filter((c) => c.spentHeight === undefined || c.spentHeight > tip),
    spent: alive.filter((c) => c.spentHeight !== undefined && c.spentHeight >= from && c.spentHeight <= tip).map((c) => ({ ...c, spentHeight: c.spentHeight! })),
  };
}

const order = (xs: SweepCoin[]) => [...xs].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0) || a.height - b.height
  || Number(a.valueSats - b.valueSats) || (a.spentHeight ?? -1) - (b.spentHeight ?? -1));

const gen = genCoin;

describe('CoinSet', () => {
  it('a set read at T and advanced over (T, T1] gives the coins of a fresh read at T1, for every run height >= its floor', () => {
    fc.assert(fc.property(fc.array(gen, { maxLength: 60 }), fc.integer({ min: 10, max: 80 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 20 }),
      fc.integer({ min: 0, max: 30 }), (gens, T, windowLen, floorBack, runAhead) => {
        const all = coins(gens);
        const floor = T - floorBack;
        const T1 = T + windowLen;
        const atT = readAt(all, T, floor);
        const created = all.filter((c) => c.height > T && c.height <= T1);
        const spent = all.filter((c) => c.spentHeight !== undefined && c.spentHeight > T && c.spentHeight <= T1).map((c) => ({ ...c, spentHeight: c.spentHeight! }));
        const advanced = CoinSet.fromRead(ADDRS, atT.current, atT.spent, floor, RULES).advance(created, spent, RULES);
        const H = floor + runAhead;
        const fresh = readAt(all, T1, H);
        expect(order(advanced.prune(H).sweepCoins(H))).toEqual(order(sweepCoins(fresh.current, fresh.spent, H, RULES)));
      }), { numRuns: 300 });
  });

  it('restrict drops addresses, merge joins disjoint sets, the size is counted in bytes', () => {
    const all = coins([{ who: 0, value: 300, height: 1, life: undefined, p2pk: false, foreignScript: false }, { who: 1, value: 200, height: 2, life: 3, p2pk: false, foreignScript: false }]);
    const { current, spent } = readAt(all, 10, 0);
    const set = CoinSet.fromRead(ADDRS, current, spent, 0, RULES);
    expect(set.size).toBe(2);
    expect(set.bytes).toBe(112);
    const a = set.restrict(new Set([ADDRS[0]!]));
    expect(a.addresses).toEqual([ADDRS[0]]);
    expect(a.sweepCoins(0)).toEqual([{ address: ADDRS[0], valueSats: 300n, height: 1, spentHeight: undefined }]);
    const b = set.restrict(new Set([ADDRS[1]!, ADDRS[2]!]));
    expect(order(CoinSet.merge([a, b]).sweepCoins(0))).toEqual(order(set.sweepCoins(0)));
    expect(set.prune(6).size).toBe(1);
  });

  it('refuses a window that disagrees with the set', () => {
    const all = coins([{ who: 0, value: 300, height: 1, life: undefined, p2pk: false, foreignScript: false }]);
    const set = CoinSet.fromRead(ADDRS, all, [], 0, RULES);
    const c = all[0]!;
    // A countable coin spent that the set never held.
    expect(() => set.advance([], [{ ...c, txid: 'ff'.repeat(32), spentHeight: 12 }], RULES)).toThrow(CoinsAsOfError);
    // Held with another value.
    expect(() => set.advance([], [{ ...c, valueSats: 301n, spentHeight: 12 }], RULES)).toThrow(CoinsAsOfError);
    // Created again.
    expect(() => set.advance([{ ...c, height: 12 }], [], RULES)).toThrow(CoinsAsOfError);
    // Spent twice: once in the window is fine, a second spend of a spent coin is not.
    const once = set.advance([], [{ ...c, spentHeight: 12 }], RULES);
    expect(() => once.advance([], [{ ...c, spentHeight: 14 }], RULES)).toThrow(CoinsAsOfError);
    // A coin of an address the set does not cover.
    expect(() => set.restrict(new Set()).advance([c], [], RULES)).toThrow(CoinsAsOfError);
  });
});
