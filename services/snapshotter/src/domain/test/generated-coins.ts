import fc from 'fast-check';
import { addressFromPubkey, decodeAddress, encodeAddress, p2pkhScriptHex, p2pkScriptHex } from '@ppm/chain';
import type { Coin } from '../coins-as-of';

/** The property tests' delegates: two P2PKH addresses and one whose coins may also be P2PK of its key. */
export const PUBKEY = `03${'cd'.repeat(32)}`;
export const ADDRS = [encodeAddress('11'.repeat(20), 'regtest'), encodeAddress('22'.repeat(20), 'regtest'), addressFromPubkey(PUBKEY, 'regtest')];
const P2PKH = (a: string) => p2pkhScriptHex(decodeAddress(a, 'regtest').hash160Hex);

/** A coin of a generated history: whose, value, created at `height`, spent `life` blocks later (undefined: never). */
export interface Gen { who: number; value: number; height: number; life: number | undefined; p2pk: boolean; foreignScript: boolean }

/** fast-check arbitrary of one {@link Gen}: values around the 100-sat minimum, some P2PK, some paying another script. */
export const genCoin = fc.record({
  who: fc.integer({ min: 0, max: 2 }),
  value: fc.integer({ min: 90, max: 400 }),
  height: fc.integer({ min: 0, max: 80 }),
  life: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  p2pk: fc.boolean(),
  foreignScript: fc.boolean(),
});

/** The coins of a generated history, each with the height it is spent at (undefined: unspent). */
export function generatedCoins(gens: readonly Gen[]): (Coin & { spentHeight: number | undefined })[] {
  return gens.map((g, i) => {
    const address = ADDRS[g.who]!;
    const scriptHex = g.foreignScript ? P2PKH(ADDRS[(g.who + 1) % 2]!) : g.p2pk && g.who === 2 ? p2pkScriptHex(PUBKEY) : P2PKH(address);
    return { address, txid: (i + 1).toString(16).padStart(64, '0'), vout: i % 3, valueSats: BigInt(g.value), height: g.height, scriptHex, spentHeight: g.life === undefined ? undefined : g.height + g.life };
  });
}
