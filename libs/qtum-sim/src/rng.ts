import { createHash } from 'node:crypto';

/** A seeded deterministic RNG (SHA-256 in counter mode): the same scenario seed gives the same chain. */
export class SeededRng {
  private counter = 0;
  private pool: Buffer = Buffer.alloc(0);
  constructor(private readonly seed: string) {}

  /** 32 fresh pseudo-random bytes. */
  bytes32(): Buffer {
    return createHash('sha256').update(`${this.seed}/${this.counter++}`).digest();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    if (this.pool.length < 4) this.pool = this.bytes32();
    const v = this.pool.readUInt32LE(0);
    this.pool = this.pool.subarray(4);
    return v;
  }

  /** A uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + (this.u32() % (max - min + 1));
  }

  /** A uniform bigint in [min, max] (inclusive); good enough for amounts up to ~2^64. */
  bigint(min: bigint, max: bigint): bigint {
    const span = max - min + 1n;
    const r = (BigInt(this.u32()) << 32n) | BigInt(this.u32());
    return min + (r % span);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = a[i] as T;
      a[i] = a[j] as T;
      a[j] = t;
    }
    return a;
  }
}

/** Deterministic bytes from a label (fake signatures, state roots). */
export function labelledBytes(label: string, length: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < length; i++) out.push(createHash('sha256').update(`${label}#${i}`).digest());
  return Buffer.concat(out).subarray(0, length);
}
