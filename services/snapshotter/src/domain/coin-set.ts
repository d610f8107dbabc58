import { decodeAddress, type NetworkName } from '@ppm/chain';
import { CoinsAsOfError, payeeHash160, type Coin, type SpentCoin } from './coins-as-of';
import type { SweepCoin } from './weight-sweep';

/** The part of rule 5 that does not depend on H: which coins can ever count. */
export interface CoinRules {
  readonly minUtxoSats: bigint;
  readonly network: NetworkName;
}

/** Bytes per coin in the columns: txid 32, address index 4, vout 4, height 4, spent height 4, value 8. */
const BYTES_PER_COIN = 56;
const UNSPENT = -1;

const key = (txid: string, vout: number) => `${txid}:${vout}`;

/** Rule 5's script and value filter (P2PKH or P2PK of the address it is filed under, value >= minUtxo). */
function countable(rules: CoinRules): (c: Coin) => boolean {
  const hashOf = new Map<string, string>();
  return (c) => {
    if (c.valueSats < rules.minUtxoSats) return false;
    let h = hashOf.get(c.address);
    if (h === undefined) {
      h = decodeAddress(c.address, rules.network).hash160Hex;
      hashOf.set(c.address, h);
    }
    return payeeHash160(c.scriptHex) === h;
  };
}

/**
 * The coins of a set of addresses that can count for rule 5 (as {@link sweepCoins} keeps them), exact as of one
 * tip T: those unspent at T, and those spent in [floor, T] with their spend height. Unlike a
 * {@link SweepCoin} list it keeps each coin's outpoint, so a later spend can be matched, and it knows which
 * addresses it covers (an address with no coin is covered too). Immutable, stored in columns (56 bytes a coin,
 * 11.2 MB measured for 10,000 delegates x 20 coins) instead of one object per coin; coins are in no particular order
 * (weights are sums). An operation that changes nothing returns the same set (no copy).
 */
export class CoinSet {
  /** @internal Built by {@link Columns} only. */
  constructor(
    /** Covered addresses, sorted; coins refer to them by index. */
    readonly addresses: readonly string[],
    readonly size: number,
    /** @internal */ readonly addr: Uint32Array,
    /** @internal */ readonly txids: Buffer,
    /** @internal */ readonly vout: Uint32Array,
    /** @internal */ readonly height: Int32Array,
    /** @internal */ readonly spent: Int32Array,
    /** @internal */ readonly value: BigInt64Array,
  ) {}

  /** Bytes held by the columns (the address strings are shared with the delegate set). */
  get bytes(): number {
    return this.addr.length * BYTES_PER_COIN;
  }

  /**
   * The set from a fresh read at tip T of `addresses`: `current` = getaddressutxos at T, `spentSince` = every
   * spend in [floor, T] of those addresses. Same checks as {@link sweepCoins} (no outpoint both unspent and
   * spent, no spend before its creation); spends below `floor` are ignored.
   */
  static fromRead(addresses: readonly string[], current: readonly Coin[], spentSince: readonly SpentCoin[], floor: number, rules: CoinRules): CoinSet {
    const b = new Columns(addresses, current.length + spentSince.length);
    const ok = countable(rules);
    const unspentNow = new Set<string>();
    for (const c of current) {
      unspentNow.add(key(c.txid, c.vout));
      if (ok(c)) b.add(c, UNSPENT);
    }
    for (const s of spentSince) {
      if (s.spentHeight < floor) continue;
      const k = key(s.txid, s.vout);
      if (unspentNow.has(k)) throw new CoinsAsOfError(`coin ${k} is listed as unspent and as spent at ${s.spentHeight}`);
      if (s.height > s.spentHeight) throw new CoinsAsOfError(`coin ${k} spent at ${s.spentHeight} before its creation at ${s.height}`);
      if (ok(s)) b.add(s, s.spentHeight);
    }
    return b.build();
  }

  /** Sets over disjoint address sets, as one. */
  static merge(sets: readonly CoinSet[]): CoinSet {
    if (sets.length === 1) return sets[0]!;
    const b = new Columns(sets.flatMap((s) => s.addresses), sets.reduce((n, s) => n + s.size, 0));
    for (const s of sets) {
      const map = b.mapFrom(s);
      for (let i = 0; i < s.size; i++) b.copy(s, i, map, s.spent[i]!);
    }
    return b.build();
  }

  /**
   * The set at a later tip T1: `created` = the coins the window (T, T1] created for the covered addresses (from
   * positive address deltas and their blocks), `spent` = the coins it spent (negative deltas resolved through the
   * spending blocks). A countable coin spent in the window must be in the set or created in it, and agree in
   * value and height; a created coin must be new. Anything else means the answers and the set disagree.
   */
  advance(created: readonly Coin[], spent: readonly SpentCoin[], rules: CoinRules): CoinSet {
    if (created.length === 0 && spent.length === 0) return this;
    const ok = countable(rules);
    const spends = new Map<string, SpentCoin>();
    for (const s of spent) {
      const k = key(s.txid, s.vout);
      if (spends.has(k)) throw new CoinsAsOfError(`coin ${k} spent twice (at ${spends.get(k)!.spentHeight} and ${s.spentHeight})`);
      if (s.height > s.spentHeight) throw new CoinsAsOfError(`coin ${k} spent at ${s.spentHeight} before its creation at ${s.height}`);
      spends.set(k, s);
    }
    const b = new Columns(this.addresses, this.size + created.length);
    const map = b.mapFrom(this);
    // Only the coins of addresses with a spend or a new coin in the window need their outpoint looked at.
    const touched = this.indexesOf(new Set([...spent.map((s) => s.address), ...created.map((c) => c.address)]));
    const held = new Set<string>();
    const matched = new Set<string>();
    for (let i = 0; i < this.size; i++) {
      let spentHeight = this.spent[i]!;
      if (touched.has(this.addr[i]!)) {
        const k = key(this.txid(i), this.vout[i]!);
        held.add(k);
        const s = spends.get(k);
        if (s && spentHeight === UNSPENT) {
          if (s.valueSats !== this.value[i] || s.height !== this.height[i]) {
            throw new CoinsAsOfError(`coin ${k} spent at ${s.spentHeight} as ${s.valueSats} sat created at ${s.height}, held as ${this.value[i]} sat at ${this.height[i]}`);
          }
          matched.add(k);
          spentHeight = s.spentHeight;
        }
      }
      b.copy(this, i, map, spentHeight);
    }
    for (const c of created) {
      const k = key(c.txid, c.vout);
      if (held.has(k)) throw new CoinsAsOfError(`coin ${k} created at ${c.height} is already held`);
      if (!ok(c)) continue;
      const s = spends.get(k);
      if (s) matched.add(k);
      b.add(c, s ? s.spentHeight : UNSPENT);
    }
    for (const [k, s] of spends) {
      if (!matched.has(k) && ok(s)) throw new CoinsAsOfError(`coin ${k} of ${s.address} spent at ${s.spentHeight} was neither held unspent nor created in the window`);
    }
    return b.build();
  }

  /** The covered addresses in `keep` only, with their coins. */
  restrict(keep: ReadonlySet<string>): CoinSet {
    if (this.addresses.every((a) => keep.has(a))) return this;
    const b = new Columns(this.addresses.filter((a) => keep.has(a)), this.size);
    const map = b.mapFrom(this);
    for (let i = 0; i < this.size; i++) if (map[this.addr[i]!]! >= 0) b.copy(this, i, map, this.spent[i]!);
    return b.build();
  }

  /** Without the coins spent below `floor` (no run from `floor` on needs them). */
  prune(floor: number): CoinSet {
    if (!this.spent.some((s) => s !== UNSPENT && s < floor)) return this;
    const b = new Columns(this.addresses, this.size);
    const map = b.mapFrom(this);
    for (let i = 0; i < this.size; i++) {
      const s = this.spent[i]!;
      if (s === UNSPENT || s >= floor) b.copy(this, i, map, s);
    }
    return b.build();
  }

  /** The coins a sweep from `from` needs: unspent ones and those spent at heights >= `from`. */
  sweepCoins(from: number): SweepCoin[] {
    const out: SweepCoin[] = [];
    for (let i = 0; i < this.size; i++) {
      const s = this.spent[i]!;
      if (s !== UNSPENT && s < from) continue;
      out.push({ address: this.addresses[this.addr[i]!]!, valueSats: this.value[i]!, height: this.height[i]!, spentHeight: s === UNSPENT ? undefined : s });
    }
    return out;
  }

  private txid(i: number): string {
    return this.txids.toString('hex', i * 32, i * 32 + 32);
  }

  private indexesOf(addresses: ReadonlySet<string>): Set<number> {
    const out = new Set<number>();
    this.addresses.forEach((a, i) => {
      if (addresses.has(a)) out.add(i);
    });
    return out;
  }
}

/** Growable columns for a new {@link CoinSet}; `capacity` is an upper bound of the coins added. */
class Columns {
  private readonly index = new Map<string, number>();
  private readonly addresses: string[];
  private n = 0;
  private readonly addr: Uint32Array;
  private readonly txids: Buffer;
  private readonly vout: Uint32Array;
  private readonly height: Int32Array;
  private readonly spent: Int32Array;
  private readonly value: BigInt64Array;

  constructor(addresses: readonly string[], capacity: number) {
    this.addresses = [...new Set(addresses)].sort();
    this.addresses.forEach((a, i) => this.index.set(a, i));
    this.addr = new Uint32Array(capacity);
    this.txids = Buffer.alloc(capacity * 32);
    this.vout = new Uint32Array(capacity);
    this.height = new Int32Array(capacity);
    this.spent = new Int32Array(capacity);
    this.value = new BigInt64Array(capacity);
  }

  /** Address index of `src` -> index here, -1 where this set does not cover the address. */
  mapFrom(src: CoinSet): Int32Array {
    return Int32Array.from(src.addresses, (a) => this.index.get(a) ?? -1);
  }

  add(c: Coin, spentHeight: number): void {
    const a = this.index.get(c.address);
    if (a === undefined) throw new CoinsAsOfError(`coin ${key(c.txid, c.vout)} of ${c.address}, an address the set does not cover`);
    const i = this.n++;
    if (!/^[0-9a-f]{64}$/i.test(c.txid)) throw new CoinsAsOfError(`coin of ${c.address}: bad txid ${c.txid}`);
    this.txids.write(c.txid, i * 32, 32, 'hex');
    this.set(i, a, c.vout, c.height, spentHeight, c.valueSats);
  }

  copy(src: CoinSet, i: number, map: Int32Array, spentHeight: number): void {
    const a = map[src.addr[i]!]!;
    if (a < 0) throw new CoinsAsOfError(`coin of ${src.addresses[src.addr[i]!]}, an address the set does not cover`);
    const j = this.n++;
    src.txids.copy(this.txids, j * 32, i * 32, i * 32 + 32);
    this.set(j, a, src.vout[i]!, src.height[i]!, spentHeight, src.value[i]!);
  }

  build(): CoinSet {
    const n = this.n;
    // Trimmed copies: the capacity was an upper bound.
    return new CoinSet(this.addresses, n, this.addr.slice(0, n), Buffer.from(this.txids.subarray(0, n * 32)), this.vout.slice(0, n),
      this.height.slice(0, n), this.spent.slice(0, n), this.value.slice(0, n));
  }

  private set(i: number, a: number, vout: number, height: number, spentHeight: number, valueSats: bigint): void {
    this.addr[i] = a;
    this.vout[i] = vout;
    this.height[i] = height;
    this.spent[i] = spentHeight;
    this.value[i] = valueSats;
  }
}
