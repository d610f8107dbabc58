import { sha256d } from '@ppm/chain';
import { ByteWriter } from './bytes';

/** Qtum's block version on regtest. */
export const BLOCK_VERSION = 0x20000000;
/** Regtest compact target. */
export const BLOCK_BITS = 0x207fffff;

/** Fields of a Qtum block header. */
export interface HeaderFields {
  prevHash: string;
  merkleRoot: string;
  time: number;
  stateRoot: string;
  utxoRoot: string;
  prevoutStake?: { txid: string; n: number };
  /** Signature (65 bytes hex) followed by the PoD (65 bytes) on delegated blocks; empty on PoW. */
  sigDlgt: string;
}

/** Serialises a Qtum header (version, prev, merkle, time, bits, nonce, stateRoot, utxoRoot, prevoutStake, vchBlockSigDlgt). */
export function serializeHeader(h: HeaderFields): Buffer {
  const w = new ByteWriter().u32(BLOCK_VERSION).hashRev(h.prevHash).hashRev(h.merkleRoot).u32(h.time).u32(BLOCK_BITS).u32(0);
  w.hashRev(h.stateRoot).hashRev(h.utxoRoot);
  if (h.prevoutStake) w.hashRev(h.prevoutStake.txid).u32(h.prevoutStake.n);
  else w.hashRev('0'.repeat(64)).u32(0xffffffff);
  return w.varHex(h.sigDlgt).done();
}

/** Block hash: sha256d of the whole header (signature included, as Qtum does), RPC byte order. */
export function headerHash(headerBytes: Buffer): string {
  return Buffer.from(sha256d(headerBytes)).reverse().toString('hex');
}

/** Bitcoin merkle root over txids (RPC hex order in and out). */
export function merkleRoot(txids: readonly string[]): string {
  let level: Buffer[] = txids.map((t) => Buffer.from(t, 'hex').reverse());
  if (level.length === 0) return '0'.repeat(64);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i] as Buffer;
      const b = level[i + 1] ?? a;
      next.push(sha256d(Buffer.concat([a, b])));
    }
    level = next;
  }
  return Buffer.from(level[0] as Buffer).reverse().toString('hex');
}
