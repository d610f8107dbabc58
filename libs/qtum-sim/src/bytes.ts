/** Little-endian byte writer/reader for Bitcoin-style serialisation (tx, header, block). */

/** Appends Bitcoin-serialised fields to one growing buffer (few allocations: block building is a hot path). */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(256);
  private len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  u8(n: number): this {
    this.room(1);
    this.buf[this.len++] = n & 0xff;
    return this;
  }
  u32(n: number): this {
    this.room(4);
    this.buf.writeUInt32LE(n >>> 0, this.len);
    this.len += 4;
    return this;
  }
  i64(n: bigint): this {
    this.room(8);
    this.buf.writeBigInt64LE(n, this.len);
    this.len += 8;
    return this;
  }
  varint(n: number): this {
    if (n < 0xfd) return this.u8(n);
    if (n <= 0xffff) {
      this.u8(0xfd).room(2);
      this.buf.writeUInt16LE(n, this.len);
      this.len += 2;
      return this;
    }
    return this.u8(0xfe).u32(n);
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  /** Hex bytes as they are. */
  hex(h: string): this {
    const n = h.length / 2;
    this.room(n);
    this.buf.write(h, this.len, 'hex');
    this.len += n;
    return this;
  }
  /** A 32-byte hash given in RPC (reversed) hex order. */
  hashRev(hex: string): this {
    this.room(32);
    this.buf.write(hex, this.len, 'hex');
    this.buf.subarray(this.len, this.len + 32).reverse();
    this.len += 32;
    return this;
  }
  varBytes(b: Uint8Array): this {
    return this.varint(b.length).bytes(b);
  }
  /** Length-prefixed bytes given as hex. */
  varHex(h: string): this {
    return this.varint(h.length / 2).hex(h);
  }
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

/** A malformed serialisation. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/** Reads Bitcoin-serialised fields; throws {@link DecodeError} past the end. */
export class ByteReader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new DecodeError('unexpected end of data');
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++] ?? 0;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  i64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return v;
  }
  varint(): number {
    const first = this.u8();
    if (first < 0xfd) return first;
    if (first === 0xfd) {
      this.need(2);
      const v = this.buf.readUInt16LE(this.pos);
      this.pos += 2;
      return v;
    }
    if (first === 0xfe) return this.u32();
    throw new DecodeError('varint too large');
  }
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return Buffer.from(b);
  }
  hashRev(): string {
    return this.bytes(32).reverse().toString('hex');
  }
  varBytes(): Buffer {
    return this.bytes(this.varint());
  }
  get atEnd(): boolean {
    return this.pos === this.buf.length;
  }
}
