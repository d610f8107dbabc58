import { createHash } from 'node:crypto';

/**
 * The little secp256k1 arithmetic that message-signature verification needs: public-key recovery from a compact
 * recoverable signature (libsecp256k1's `secp256k1_ecdsa_recover`), in bigint affine coordinates. Verification
 * only, on public data: not constant time, never used with a private key.
 */

/** Field prime p. */
const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
/** Group order n. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const G = {
  x: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
  y: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
};

type Point = { x: bigint; y: bigint } | null;

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

function powMod(base: bigint, exp: bigint, m: bigint): bigint {
  let r = 1n;
  let b = mod(base, m);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
  }
  return r;
}

/** a^-1 mod m (m prime). */
const inv = (a: bigint, m: bigint) => powMod(a, m - 2n, m);

function add(a: Point, b: Point): Point {
  if (!a) return b;
  if (!b) return a;
  if (a.x === b.x) {
    if (mod(a.y + b.y, P) === 0n) return null;
    const l = mod(3n * a.x * a.x * inv(2n * a.y, P), P);
    const x = mod(l * l - 2n * a.x, P);
    return { x, y: mod(l * (a.x - x) - a.y, P) };
  }
  const l = mod((b.y - a.y) * inv(b.x - a.x, P), P);
  const x = mod(l * l - a.x - b.x, P);
  return { x, y: mod(l * (a.x - x) - a.y, P) };
}

function mul(k: bigint, pt: Point): Point {
  let r: Point = null;
  let q = pt;
  for (let e = mod(k, SECP256K1_N); e > 0n; e >>= 1n) {
    if (e & 1n) r = add(r, q);
    q = add(q, q);
  }
  return r;
}

const toBig = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
const hex32 = (v: bigint) => v.toString(16).padStart(64, '0');
const sha256Of = (text: string) => createHash('sha256').update(text).digest();

/**
 * Recovers the public key (hex, compressed or not) from a 32-byte message hash, the 64-byte compact (r || s)
 * signature and the recovery id 0..3; undefined when no key is recoverable (r or s zero or >= n, x not on
 * the curve), as libsecp256k1 answers.
 */
export function recoverPublicKey(hash32: Uint8Array, rs64: Uint8Array, recid: number, compressed: boolean): string | undefined {
  if (hash32.length !== 32 || rs64.length !== 64 || recid < 0 || recid > 3) return undefined;
  const r = toBig(rs64.subarray(0, 32));
  const s = toBig(rs64.subarray(32));
  if (r === 0n || s === 0n || r >= SECP256K1_N || s >= SECP256K1_N) return undefined;
  const x = recid & 2 ? r + SECP256K1_N : r;
  if (x >= P) return undefined;
  const y2 = mod(x * x * x + 7n, P);
  let y = powMod(y2, (P + 1n) / 4n, P);
  if ((y * y) % P !== y2) return undefined;
  if ((y & 1n) !== BigInt(recid & 1)) y = P - y;
  const R = { x, y };
  const e = mod(toBig(hash32), SECP256K1_N);
  const rInv = inv(r, SECP256K1_N);
  // Q = r^-1 (s R - e G)
  const Q = add(mul(mod(rInv * s, SECP256K1_N), R), mul(mod(-rInv * e, SECP256K1_N), G));
  if (!Q) return undefined;
  return compressed ? `${Q.y & 1n ? '03' : '02'}${hex32(Q.x)}` : `04${hex32(Q.x)}${hex32(Q.y)}`;
}

/** The public key d·G (hex, compressed), for tests that check this arithmetic against another implementation. */
export function publicKeyOf(privHex: string): string {
  const Q = mul(BigInt(`0x${privHex}`), G);
  if (!Q) throw new RangeError('private key out of range');
  return `${Q.y & 1n ? '03' : '02'}${hex32(Q.x)}`;
}

/**
 * A compact recoverable signature (header byte 27 + recid + 4, then r || s, low S), as qtumd's SignCompact makes
 * for `signmessage`. k is derived from the key and the hash (deterministic). For the simulator and tests only:
 * not constant time, so never use it with a key that guards real money.
 */
export function signRecoverable(hash32: Uint8Array, privHex: string): Buffer {
  const d = BigInt(`0x${privHex}`);
  if (d <= 0n || d >= SECP256K1_N) throw new RangeError('private key out of range');
  const e = mod(toBig(hash32), SECP256K1_N);
  for (let counter = 0; ; counter++) {
    const k = mod(toBig(sha256Of(`${privHex}/${Buffer.from(hash32).toString('hex')}/${counter}`)), SECP256K1_N);
    const R = k === 0n ? null : mul(k, G);
    if (!R) continue;
    const r = mod(R.x, SECP256K1_N);
    let s = mod(inv(k, SECP256K1_N) * (e + r * d), SECP256K1_N);
    if (r === 0n || s === 0n) continue;
    let recid = (R.y & 1n ? 1 : 0) | (R.x >= SECP256K1_N ? 2 : 0);
    if (s > SECP256K1_N / 2n) {
      s = SECP256K1_N - s;
      recid ^= 1;
    }
    return Buffer.concat([Buffer.from([27 + recid + 4]), Buffer.from(hex32(r), 'hex'), Buffer.from(hex32(s), 'hex')]);
  }
}
