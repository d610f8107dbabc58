import { sha256d } from '@ppm/chain';
import { ByteReader, ByteWriter, DecodeError } from './bytes';

/** A transaction input. `prevTxid` is in RPC (reversed) hex order; a coinbase has all-zero prevTxid and vout 0xffffffff. */
export interface TxIn {
  prevTxid: string;
  prevVout: number;
  scriptSig: string;
  sequence: number;
  /** Witness stack items (hex); only the coinbase uses one here. */
  witness?: string[];
}

/** A transaction output: value in satoshis, script as hex. */
export interface TxOut {
  value: bigint;
  script: string;
}

/** A transaction in its serialised form's terms. */
export interface Tx {
  version: number;
  vin: TxIn[];
  vout: TxOut[];
  locktime: number;
}

/** A transaction with its derived ids and sizes, computed once. */
export interface EncodedTx {
  readonly tx: Tx;
  readonly txid: string;
  /** wtxid (differs from txid only when there is a witness). */
  readonly hash: string;
  readonly hex: string;
  readonly size: number;
  readonly vsize: number;
  readonly weight: number;
}

/** The all-zero txid of coinbase inputs. */
export const NULL_TXID = '0'.repeat(64);

function hasWitness(tx: Tx): boolean {
  return tx.vin.some((i) => i.witness !== undefined && i.witness.length > 0);
}

/** Serialises `tx`; with `witness` false the legacy (txid) form. */
export function serializeTx(tx: Tx, witness = true): Buffer {
  const w = new ByteWriter().u32(tx.version);
  const withWit = witness && hasWitness(tx);
  if (withWit) w.u8(0).u8(1);
  w.varint(tx.vin.length);
  for (const i of tx.vin) w.hashRev(i.prevTxid).u32(i.prevVout).varHex(i.scriptSig).u32(i.sequence);
  w.varint(tx.vout.length);
  for (const o of tx.vout) w.i64(o.value).varHex(o.script);
  if (withWit) {
    for (const i of tx.vin) {
      const items = i.witness ?? [];
      w.varint(items.length);
      for (const it of items) w.varHex(it);
    }
  }
  return w.u32(tx.locktime).done();
}

/** Computes ids and sizes of `tx`. */
export function encodeTx(tx: Tx): EncodedTx {
  const stripped = serializeTx(tx, false);
  const full = hasWitness(tx) ? serializeTx(tx, true) : stripped;
  const weight = stripped.length * 3 + full.length;
  const txid = Buffer.from(sha256d(stripped)).reverse().toString('hex');
  return {
    tx,
    txid,
    hash: full === stripped ? txid : Buffer.from(sha256d(full)).reverse().toString('hex'),
    hex: full.toString('hex'),
    size: full.length,
    vsize: Math.ceil(weight / 4),
    weight,
  };
}

function readTx(r: ByteReader, allowWitness: boolean): Tx {
  const version = r.u32();
  let count = r.varint();
  let withWit = false;
  if (count === 0 && allowWitness) {
    const flag = r.u8();
    if (flag !== 1) throw new DecodeError('bad witness flag');
    withWit = true;
    count = r.varint();
  }
  const vin: TxIn[] = [];
  for (let k = 0; k < count; k++) {
    vin.push({ prevTxid: r.hashRev(), prevVout: r.u32(), scriptSig: r.varBytes().toString('hex'), sequence: r.u32() });
  }
  const nOut = r.varint();
  const vout: TxOut[] = [];
  for (let k = 0; k < nOut; k++) vout.push({ value: r.i64(), script: r.varBytes().toString('hex') });
  if (withWit) {
    for (const i of vin) {
      const n = r.varint();
      const items: string[] = [];
      for (let k = 0; k < n; k++) items.push(r.varBytes().toString('hex'));
      i.witness = items;
    }
  }
  const locktime = r.u32();
  if (!r.atEnd) throw new DecodeError('trailing bytes');
  return { version, vin, vout, locktime };
}

/**
 * Decodes a hex transaction like qtumd's DecodeHexTx: tries the witness form first, then the legacy form
 * (a tx with no inputs, as createrawtransaction makes, looks like a witness marker).
 */
export function decodeTxHex(hex: string): Tx {
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new DecodeError('not hex');
  const buf = Buffer.from(hex, 'hex');
  try {
    return readTx(new ByteReader(buf), true);
  } catch {
    return readTx(new ByteReader(buf), false);
  }
}
