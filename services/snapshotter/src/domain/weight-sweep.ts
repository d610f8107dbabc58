import { decodeAddress, type NetworkName } from '@ppm/chain';
import { CoinsAsOfError, payeeHash160, type Coin, type SpentCoin } from './coins-as-of';

/**
 * One coin as the sweep needs it: whose, how much, created when, spent when (undefined: still unspent at the
 * tip the answers describe). Only coins that can ever count are kept (right script, value >= minUtxo).
 */
export interface SweepCoin {
  readonly address: string;
  readonly valueSats: bigint;
  readonly height: number;
  readonly spentHeight: number | undefined;
}

/**
 * Merges today's coins of some delegates (getaddressutxos at tip T) with the coins they spent in [from, T] into
 * {@link SweepCoin}s, checking the answers agree (no outpoint both unspent and spent, no spend before its
 * creation), and drops the coins rule 5 never counts whatever H: value below `minUtxoSats`, or a script that is
 * not P2PKH / P2PK of the address it is filed under. Spends below `from` are ignored (the caller only asks for
 * heights >= from). `address` strings are replaced by `intern`'s (one copy per delegate in memory).
 */
export function sweepCoins(
  current: readonly Coin[],
  spentSince: readonly SpentCoin[],
  from: number,
  rules: { readonly minUtxoSats: bigint; readonly network: NetworkName },
  intern: (address: string) => string = (a) => a,
): SweepCoin[] {
  const hashOf = new Map<string, string>();
  const payeeOk = (c: Coin) => {
    let h = hashOf.get(c.address);
    if (h === undefined) {
      h = decodeAddress(c.address, rules.network).hash160Hex;
      hashOf.set(c.address, h);
    }
    return payeeHash160(c.scriptHex) === h;
  };
  const out: SweepCoin[] = [];
  const unspentNow = new Set<string>();
  for (const c of current) {
    unspentNow.add(`${c.txid}:${c.vout}`);
    if (c.valueSats >= rules.minUtxoSats && payeeOk(c)) out.push({ address: intern(c.address), valueSats: c.valueSats, height: c.height, spentHeight: undefined });
  }
  for (const s of spentSince) {
    if (s.spentHeight < from) continue;
    const key = `${s.txid}:${s.vout}`;
    if (unspentNow.has(key)) throw new CoinsAsOfError(`coin ${key} is listed as unspent and as spent at ${s.spentHeight}`);
    if (s.height > s.spentHeight) throw new CoinsAsOfError(`coin ${key} spent at ${s.spentHeight} before its creation at ${s.height}`);
    if (s.valueSats >= rules.minUtxoSats && payeeOk(s)) out.push({ address: intern(s.address), valueSats: s.valueSats, height: s.height, spentHeight: s.spentHeight });
  }
  return out;
}

interface Slot {
  readonly coin: SweepCoin;
  counted: boolean;
  gone: boolean;
}

/**
 * DESIGN rule 5 for a run of pool blocks in one pass over the coins: w_d(H) = sum of d's coins created at
 * height <= H - M(H), value >= minUtxo (already filtered by {@link sweepCoins}), not spent in any block <= H-1.
 *
 * Ask {@link WeightSweep.weightsAt} for heights in non-decreasing order. The sweep keeps a running sum per
 * address: a coin is counted from the first asked H whose mature top H - M(H) reaches its creation height, and
 * uncounted at the first asked H above its spend height. M may grow with H (500 -> 2,000 at the mainnet and
 * testnet fork), so the mature top can move DOWN once: coins above the new top are uncounted again. The cost
 * of a whole run is O(coins log coins) to sort plus O(delegates asked) per height: nothing per pool block
 * scales with the coins. Equal to {@link coinsAfterBlock} + {@link weightsFromCoins} at every height (tested).
 */
export class WeightSweep {
  private readonly byCreation: Slot[];
  private readonly bySpend: Slot[];
  private readonly sums = new Map<string, bigint>();
  /** byCreation[0, nextEnter) have been reached by the mature top. */
  private nextEnter = 0;
  /** bySpend[0, nextLeave) were spent below the last asked height. */
  private nextLeave = 0;
  private lastHeight = -1;

  constructor(coins: readonly SweepCoin[]) {
    const slots = coins.map((coin) => ({ coin, counted: false, gone: false }));
    this.byCreation = [...slots].sort((a, b) => a.coin.height - b.coin.height);
    this.bySpend = slots.filter((s) => s.coin.spentHeight !== undefined).sort((a, b) => a.coin.spentHeight! - b.coin.spentHeight!);
  }

  /**
   * Weights of `delegates` as of block `height` with maturity `maturity` (every address gets an entry, 0 when
   * nothing qualifies). `height` must not be below the previous call's.
   */
  weightsAt(height: number, maturity: number, delegates: readonly string[]): Map<string, bigint> {
    if (height < this.lastHeight) throw new RangeError(`weightsAt(${height}) after ${this.lastHeight}: heights must not decrease`);
    this.lastHeight = height;
    // Spent in a block <= H-1: out of the set for good.
    while (this.nextLeave < this.bySpend.length && this.bySpend[this.nextLeave]!.coin.spentHeight! < height) {
      const s = this.bySpend[this.nextLeave++]!;
      if (s.counted) this.add(s, -1n);
      s.gone = true;
    }
    const top = height - maturity;
    while (this.nextEnter < this.byCreation.length && this.byCreation[this.nextEnter]!.coin.height <= top) {
      const s = this.byCreation[this.nextEnter++]!;
      if (!s.gone) this.add(s, 1n);
    }
    // Maturity grew with H: coins above the lower top are not mature any more.
    while (this.nextEnter > 0 && this.byCreation[this.nextEnter - 1]!.coin.height > top) {
      const s = this.byCreation[--this.nextEnter]!;
      if (s.counted) this.add(s, -1n);
    }
    const out = new Map<string, bigint>();
    for (const d of delegates) out.set(d, this.sums.get(d) ?? 0n);
    return out;
  }

  private add(s: Slot, sign: 1n | -1n): void {
    s.counted = sign === 1n;
    const next = (this.sums.get(s.coin.address) ?? 0n) + sign * s.coin.valueSats;
    if (next === 0n) this.sums.delete(s.coin.address);
    else this.sums.set(s.coin.address, next);
  }
}
