/** One output of a raw transaction: value and script. */
export interface RawTxOutput {
  readonly valueSats: bigint;
  readonly scriptHex: string;
}

/**
 * The outputs of a serialized transaction (legacy layout, or segwit with its 0x00 0x01 marker: outputs come before
 * the witnesses either way). The journal keeps each signed tx's bytes; reading the outputs from them (not from a
 * field written beside them) makes per-recipient totals hold for every journal line ever written.
 */
export function rawTxOutputs(rawHex: string): RawTxOutput[] {
  const b = Buffer.from(rawHex, 'hex');
  let p = 4;
  const need = (n: number) => {
    if (p + n > b.length) throw new Error('raw tx ends early');
  };
  const varint = (): number => {
    need(1);
    const first = b[p++] ?? 0;
    if (first < 0xfd) return first;
    const len = first === 0xfd ? 2 : first === 0xfe ? 4 : 8;
    need(len);
    let v = 0;
    for (let i = 0; i < len; i++) v += (b[p + i] ?? 0) * 2 ** (8 * i);
    p += len;
    if (!Number.isSafeInteger(v)) throw new Error('raw tx count out of range');
    return v;
  };
  if (b[4] === 0x00 && b[5] === 0x01) p += 2;
  const inputs = varint();
  for (let i = 0; i < inputs; i++) {
    need(36);
    p += 36;
    const script = varint();
    need(script + 4);
    p += script + 4;
  }
  const outputs = varint();
  const out: RawTxOutput[] = [];
  for (let i = 0; i < outputs; i++) {
    need(8);
    const valueSats = b.readBigUInt64LE(p);
    p += 8;
    const len = varint();
    need(len);
    out.push({ valueSats, scriptHex: b.subarray(p, p + len).toString('hex') });
    p += len;
  }
  return out;
}

const P2PKH = /^76a914([0-9a-f]{40})88ac$/;

/** The hash160 a P2PKH script pays, or undefined. */
export function p2pkhHash160(scriptHex: string): string | undefined {
  return P2PKH.exec(scriptHex.toLowerCase())?.[1];
}
