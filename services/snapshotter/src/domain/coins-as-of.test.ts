import fc from 'fast-check';
import { encodeAddress, p2pkhScriptHex, p2pkScriptHex, addressFromPubkey, decodeAddress } from '@ppm/chain';
import { coinsAfterBlock, CoinsAsOfError, payeeHash160, weightsFromCoins, type Coin, type SpentCoin } from './coins-as-of';

const A = encodeAddress('11'.repeat(20), 'regtest');
const B = encodeAddress('22'.repeat(20), 'regtest');
const PUBKEY = `02${'ab'.repeat(32)}`;
const C = addressFromPubkey(PUBKEY, 'regtest');
const scriptOf = (addr: string) => p2pkhScriptHex(decodeAddress(addr, 'regtest').hash160Hex);

let n = 0;
function coin(address: string, height: number, valueSats: bigint, scriptHex = scriptOf(address)): Coin {
  n++;
  return { address, txid: n.toString(16).padStart(64, '0'), vout: 0, valueSats, height, scriptHex };
}
const spent = (c: Coin, spentHeight: number): SpentCoin => ({ ...c, spentHeight });
const rules = (height: number) => ({ height, maturity: 10, minUtxoSats: 100n, network: 'regtest' as const });

describe('coinsAfterBlock', () => {
  it('keeps unspent coins created up to H-1 and drops those created at H or later', () => {
    const old = coin(A, 5, 500n);
    const atH = coin(A, 20, 500n);
    const later = coin(A, 25, 500n);
    expect(coinsAfterBlock([old, atH, later], [], 20)).toEqual([old]);
  });

  it('adds back coins created before H and spent at H or later', () => {
    const movedAtH = coin(A, 3, 700n);
    const movedLater = coin(A, 4, 800n);
    const result = coinsAfterBlock([], [spent(movedAtH, 20), spent(movedLater, 30)], 20);
    expect(result.map((c) => c.valueSats).sort()).toEqual([700n, 800n]);
  });

  it('ignores coins created and spent both at H or later, and spends before H', () => {
    const both = coin(A, 21, 900n);
    const spentBefore = coin(A, 2, 900n);
    expect(coinsAfterBlock([], [spent(both, 22), spent(spentBefore, 19)], 20)).toEqual([]);
  });

  it('refuses an outpoint that is both unspent and spent', () => {
    const c = coin(A, 2, 900n);
    expect(() => coinsAfterBlock([c], [spent(c, 25)], 20)).toThrow(CoinsAsOfError);
  });
});

describe('weightsFromCoins', () => {
  it('applies maturity (h <= H-M) and the minimum (value >= min) at their boundaries', () => {
    const coins = [coin(A, 10, 100n), coin(A, 11, 1_000n), coin(A, 5, 99n), coin(B, 10, 250n)];
    const w = weightsFromCoins(coins, [A, B], rules(20));
    expect(w.get(A)).toBe(100n);
    expect(w.get(B)).toBe(250n);
  });

  it('counts P2PK coins filed under the key hash address, and gives 0 to delegates with nothing', () => {
    const w = weightsFromCoins([coin(C, 1, 300n, p2pkScriptHex(PUBKEY))], [C, A], rules(20));
    expect(w.get(C)).toBe(300n);
    expect(w.get(A)).toBe(0n);
  });

  it('ignores coins whose script does not pay the delegate, and coins of non-delegates', () => {
    const w = weightsFromCoins([coin(A, 1, 300n, scriptOf(B)), coin(B, 1, 300n)], [A], rules(20));
    expect(w.get(A)).toBe(0n);
    expect(w.has(B)).toBe(false);
  });
});

/**
 * Property: for any history of coins (created at c, maybe spent at s > c), rebuilding from (unspent at tip T,
 * spends in [H, T]) gives exactly the weights computed directly from the history as of H.
 */
describe('as-of-H reconstruction (property)', () => {
  const historyArb = fc.array(
    fc.record({
      who: fc.constantFrom(A, B, C),
      created: fc.integer({ min: 0, max: 60 }),
      life: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
      value: fc.bigInt({ min: 1n, max: 400n }),
    }),
    { maxLength: 40 },
  );
  it('matches the direct computation', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 1, max: 60 }), (history, H) => {
        const T = 120;
        const coins = history.map((h) => ({
          c: coin(h.who, h.created, h.value, h.who === C ? p2pkScriptHex(PUBKEY) : scriptOf(h.who)),
          spentAt: h.life === undefined ? undefined : h.created + h.life,
        }));
        const current = coins.filter((x) => x.spentAt === undefined).map((x) => x.c);
        const spends = coins.filter((x) => x.spentAt !== undefined && x.spentAt >= H && x.spentAt <= T).map((x) => spent(x.c, x.spentAt!));
        const rebuilt = weightsFromCoins(coinsAfterBlock(current, spends, H), [A, B, C], rules(H));
        for (const d of [A, B, C]) {
          let expected = 0n;
          for (const x of coins) {
            const existed = x.c.height <= H - 1 && (x.spentAt === undefined || x.spentAt >= H);
            if (x.c.address === d && existed && x.c.height <= H - 10 && x.c.valueSats >= 100n) expected += x.c.valueSats;
          }
          expect(rebuilt.get(d)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('payeeHash160', () => {
  it('reads P2PKH and hashes P2PK keys, and rejects other scripts', () => {
    expect(payeeHash160(scriptOf(A))).toBe('11'.repeat(20));
    expect(payeeHash160(p2pkScriptHex(PUBKEY))).toBe(decodeAddress(C, 'regtest').hash160Hex);
    expect(payeeHash160(`a914${'11'.repeat(20)}87`)).toBeUndefined();
    expect(payeeHash160('')).toBeUndefined();
  });
});
