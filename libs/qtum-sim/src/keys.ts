import { createECDH, createHash } from 'node:crypto';
import { addressFromPubkey, encodeAddress, hash160, p2pkhScriptHex, p2pkScriptHex, type NetworkName } from '@ppm/chain';
import { labelledBytes } from './rng';

/** A deterministic secp256k1 key with its P2PKH address. */
export interface SimKey {
  readonly label: string;
  readonly privHex: string;
  /** Compressed public key, hex. */
  readonly pubkeyHex: string;
  readonly hash160Hex: string;
  readonly address: string;
  readonly p2pkhScript: string;
  readonly p2pkScript: string;
}

/** Derives the key named `label` from the scenario `seed` (private key = sha256(seed/label)). */
export function deriveKey(seed: string, label: string, network: NetworkName): SimKey {
  const priv = createHash('sha256').update(`${seed}/key/${label}`).digest();
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(priv);
  const pubkeyHex = ecdh.getPublicKey('hex', 'compressed');
  const hash160Hex = hash160(Buffer.from(pubkeyHex, 'hex')).toString('hex');
  return {
    label,
    privHex: priv.toString('hex'),
    pubkeyHex,
    hash160Hex,
    address: addressFromPubkey(pubkeyHex, network),
    p2pkhScript: p2pkhScriptHex(hash160Hex),
    p2pkScript: p2pkScriptHex(pubkeyHex),
  };
}

/**
 * A deterministic stand-in for an ECDSA signature: DER-shaped (0x30 0x44 ...), 71 bytes with the SIGHASH_ALL
 * byte, so scriptSig sizes and fees match real P2PKH spends. Nobody verifies it.
 */
export function fakeSignature(key: SimKey, message: string): string {
  const b = createHash('sha512').update(`${key.privHex}/${message}`).digest();
  b[0] = (b[0] ?? 0) & 0x7f;
  b[32] = (b[32] ?? 0) & 0x7f;
  return `30440220${b.subarray(0, 32).toString('hex')}0220${b.subarray(32).toString('hex')}01`;
}

/** A P2PKH scriptSig: <sig> <pubkey>. */
export function p2pkhScriptSig(key: SimKey, message: string): string {
  return `47${fakeSignature(key, message)}21${key.pubkeyHex}`;
}

/** A P2PK scriptSig: <sig>. */
export function p2pkScriptSig(key: SimKey, message: string): string {
  return `47${fakeSignature(key, message)}`;
}

/** A 65-byte compact-signature look-alike (header byte 0x1f/0x20), for block signatures and PoDs. */
export function fakeCompactSig(label: string): string {
  const b = labelledBytes(label, 65);
  b[0] = (b[0] ?? 0) & 1 ? 0x1f : 0x20;
  return b.toString('hex');
}

const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n;
const GY = 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n;

function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1] = [((a % m) + m) % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

const mod = (a: bigint): bigint => ((a % P) + P) % P;

/** Adds G to a Jacobian point (madd-2007-bl): no inversion per step. */
function addG(X1: bigint, Y1: bigint, Z1: bigint): [bigint, bigint, bigint] {
  const z1z1 = mod(Z1 * Z1);
  const u2 = mod(GX * z1z1);
  const s2 = mod(GY * Z1 * z1z1);
  const h = mod(u2 - X1);
  const hh = mod(h * h);
  const i = mod(4n * hh);
  const j = mod(h * i);
  const r = mod(2n * (s2 - Y1));
  const v = mod(X1 * i);
  const X3 = mod(r * r - j - 2n * v);
  const Y3 = mod(r * (v - X3) - 2n * Y1 * j);
  const Z3 = mod((Z1 + h) * (Z1 + h) - z1z1 - hh);
  return [X3, Y3, Z3];
}

/**
 * `count` keys with private keys base+0, base+1, ... (base = sha256(seed/key/prefix)). Only the first public key
 * goes through `createECDH`; the others are P + G additions in Jacobian coordinates with one batched
 * inversion, because OpenSSL takes ~1 ms per key and large scenarios have thousands of delegates.
 */
export function deriveKeyRange(seed: string, prefix: string, count: number, network: NetworkName): SimKey[] {
  if (count === 0) return [];
  const base = BigInt(`0x${createHash('sha256').update(`${seed}/key/${prefix}`).digest('hex')}`) % N;
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(Buffer.from(base.toString(16).padStart(64, '0'), 'hex'));
  const un = ecdh.getPublicKey('hex', 'uncompressed');
  const pts: [bigint, bigint, bigint][] = [[BigInt(`0x${un.slice(2, 66)}`), BigInt(`0x${un.slice(66)}`), 1n]];
  for (let i = 1; i < count; i++) {
    const [x, y, z] = pts[i - 1] as [bigint, bigint, bigint];
    pts.push(addG(x, y, z));
  }
  // Montgomery's trick: one modular inverse for all Z.
  const prefixProd: bigint[] = [];
  let acc = 1n;
  for (const p of pts) prefixProd.push((acc = mod(acc * p[2])));
  let inv = modInv(acc, P);
  const keys: SimKey[] = new Array<SimKey>(count);
  for (let i = count - 1; i >= 0; i--) {
    const [X, Y, Z] = pts[i] as [bigint, bigint, bigint];
    const zinv = i > 0 ? mod(inv * (prefixProd[i - 1] as bigint)) : inv;
    inv = mod(inv * Z);
    const z2 = mod(zinv * zinv);
    const x = mod(X * z2);
    const y = mod(Y * z2 * zinv);
    const pubkeyHex = (y & 1n ? '03' : '02') + x.toString(16).padStart(64, '0');
    const hash160Hex = hash160(Buffer.from(pubkeyHex, 'hex')).toString('hex');
    keys[i] = {
      label: `${prefix}/${i}`, privHex: ((base + BigInt(i)) % N).toString(16).padStart(64, '0'), pubkeyHex, hash160Hex,
      address: encodeAddress(hash160Hex, network), p2pkhScript: p2pkhScriptHex(hash160Hex), p2pkScript: p2pkScriptHex(pubkeyHex),
    };
  }
  return keys;
}
