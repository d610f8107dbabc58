import { decodeAddress, hash160, type NetworkName } from '@ppm/chain';

/** One output paying a delegate, with the height of the block that created it. */
export interface Coin {
  /** The delegate's P2PKH address the address index files the coin under (P2PK coins included). */
  readonly address: string;
  readonly txid: string;
  readonly vout: number;
  readonly valueSats: bigint;
  /** Height of the block that created the output. */
  readonly height: number;
  readonly scriptHex: string;
}

/** A coin that was spent in block `spentHeight` (known from a negative address delta and the spender's prevout). */
export interface SpentCoin extends Coin {
  readonly spentHeight: number;
}

/** The inputs of the as-of-H reconstruction disagree (e.g. one outpoint both unspent and spent). */
export class CoinsAsOfError extends Error {
  override readonly name = 'CoinsAsOfError';
}

const outpoint = (c: { txid: string; vout: number }) => `${c.txid}:${c.vout}`;

/**
 * The delegates' coins as they stood after block H-1, rebuilt from today's view:
 * - a coin unspent now was in the set iff it was created at a height <= H-1;
 * - a coin spent at a height >= H was in the set iff it was created at a height <= H-1 (a coin created and spent
 *   both at heights >= H never was); coins spent at heights <= H-1 are simply not in either list.
 * `current` is getaddressutxos at tip T; `spentSince` covers every spend in [H, T] of the same addresses.
 * Result sorted by outpoint for determinism.
 */
export function coinsAfterBlock(current: readonly Coin[], spentSince: readonly SpentCoin[], height: number): Coin[] {
  const set = new Map<string, Coin>();
  for (const c of current) {
    if (c.height <= height - 1) set.set(outpoint(c), c);
  }
  const unspentNow = new Set(current.map(outpoint));
  for (const s of spentSince) {
    if (s.spentHeight < height) continue;
    const key = outpoint(s);
    if (unspentNow.has(key)) throw new CoinsAsOfError(`coin ${key} is listed as unspent and as spent at ${s.spentHeight}`);
    if (s.height > s.spentHeight) throw new CoinsAsOfError(`coin ${key} spent at ${s.spentHeight} before its creation at ${s.height}`);
    if (s.height <= height - 1) set.set(key, { address: s.address, txid: s.txid, vout: s.vout, valueSats: s.valueSats, height: s.height, scriptHex: s.scriptHex });
  }
  return [...set.values()].sort((a, b) => (outpoint(a) < outpoint(b) ? -1 : outpoint(a) > outpoint(b) ? 1 : 0));
}

/** Parameters of rule 5 at one block. */
export interface WeightRules {
  readonly height: number;
  /** Maturity M at H (maturityAt(network, H)). */
  readonly maturity: number;
  readonly minUtxoSats: bigint;
  readonly network: NetworkName;
}

/**
 * DESIGN rule 5: w_d = sum of d's coins (P2PKH, or P2PK whose key hashes to d) created at height <= H - M with
 * value >= minUtxo. `coins` must be the set after block H-1 ({@link coinsAfterBlock}). Every address of
 * `delegates` gets an entry (0 when nothing qualifies); coins of other addresses are ignored.
 */
export function weightsFromCoins(coins: readonly Coin[], delegates: readonly string[], rules: WeightRules): Map<string, bigint> {
  const hashOf = new Map<string, string>();
  const weights = new Map<string, bigint>();
  for (const d of delegates) {
    hashOf.set(d, decodeAddress(d, rules.network).hash160Hex);
    weights.set(d, 0n);
  }
  const matureTop = rules.height - rules.maturity;
  for (const c of coins) {
    const h = hashOf.get(c.address);
    if (h === undefined || c.height > matureTop || c.valueSats < rules.minUtxoSats) continue;
    // The type-1 index files only these two kinds under a q address, but rule 5 names them: enforce it.
    if (payeeHash160(c.scriptHex) !== h) continue;
    weights.set(c.address, (weights.get(c.address) ?? 0n) + c.valueSats);
  }
  return weights;
}

/**
 * The hash160 a P2PKH (`76a914<20>88ac`) or P2PK (`21<33>ac` / `41<65>ac`) script pays, else undefined. Cheaper
 * than a full destination decode (no base58): this runs once per coin, 100,000 times for a large pool.
 */
export function payeeHash160(scriptHex: string): string | undefined {
  const s = scriptHex.toLowerCase();
  if (s.length === 50 && s.startsWith('76a914') && s.endsWith('88ac')) return s.slice(6, 46);
  if ((s.length === 70 && s.startsWith('21') && /^0[23]/.test(s.slice(2, 4))) || (s.length === 134 && s.startsWith('4104'))) {
    if (!s.endsWith('ac')) return undefined;
    return hash160(Buffer.from(s.slice(2, -2), 'hex')).toString('hex');
  }
  return undefined;
}
