/**
 * The hand-written decoders of the address-index schemas must accept exactly what zod accepts and give the
 * same output (same values, same key order); errors still come from zod, naming method and field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JsonNumber, parseWireJson, type WireValue } from '@ppm/chain';
import fc from 'fast-check';
import type { z } from 'zod';
import { methodSpec } from '../catalog';
import { RpcMalformedReplyError } from '../errors';
import { decodeResult } from '../reply';
import { addressDeltasChainInfoSchema, addressDeltasSchema, addressUtxosChainInfoSchema, addressUtxosSchema } from './address-index.schema';
import { fastDecoderOf } from './wire';

const DIR = path.resolve(__dirname, '../../../../fixtures/qtum-regtest');

/** An order-preserving picture of a decoded value (bigint and number told apart). */
function ordered(v: unknown): unknown {
  if (typeof v === 'bigint') return { bigint: v.toString() };
  if (Array.isArray(v)) return v.map(ordered);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, ordered(x)]);
  return v;
}

/** The fast decoder and zod agree: both accept with the same output, or the decoder declines where zod fails. */
function expectAgrees(schema: z.ZodType, input: unknown, mustBeFast = false): void {
  const fast = fastDecoderOf(schema)?.(input);
  const slow = schema.safeParse(input);
  if (mustBeFast) expect(fast).toBeDefined();
  if (slow.success) {
    expect(fast).toBeDefined();
    expect(ordered(fast)).toEqual(ordered(slow.data));
    expect(fast).toStrictEqual(slow.data);
  } else expect(fast).toBeUndefined();
}

const n = (text: string) => new JsonNumber(text);
const HASH = 'ab'.repeat(32);

// A field value: usually valid for its kind, sometimes one of the ways qtumd could get it wrong.
const bad = fc.constantFrom<unknown>(undefined, null, true, 'x', '12', n('1.5'), n('-1'), n('1e3'), n('9007199254740993'), n('-0'), n('007'), [], {}, 'AB'.repeat(32), 'zz');
const intField = fc.oneof({ weight: 8, arbitrary: fc.nat(10_000_000).map((k) => n(String(k))) }, { weight: 1, arbitrary: bad });
const satsField = fc.oneof(
  { weight: 8, arbitrary: fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }).map((k) => n(String(k))) },
  { weight: 1, arbitrary: bad },
);
const hashField = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(HASH, 'F'.repeat(64), '0'.repeat(64)) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('a'.repeat(63), `${HASH}\n`, 'g'.repeat(64)) }, { weight: 1, arbitrary: bad });
const hexField = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('', '76a914', 'ABCdef') }, { weight: 1, arbitrary: fc.constantFrom<unknown>('76a9 14', 'xyz') }, { weight: 1, arbitrary: bad });
const strField = fc.oneof({ weight: 8, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: bad });
const boolField = fc.oneof({ weight: 8, arbitrary: fc.boolean() }, { weight: 1, arbitrary: bad });

/** An object from fields, some maybe missing (undefined), with an extra key sometimes (zod strips it). */
function entry(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return fc.tuple(fc.record(fields), fc.boolean(), fc.integer({ min: 0, max: 30 })).map(([r, extra, shape]) => {
    if (shape === 0) return n('1');
    if (shape === 1) return [r];
    if (shape === 2) return null;
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) o[k] = v;
    if (extra) o['spentTxId'] = 'x';
    return o;
  });
}
const utxo = entry({ address: strField, txid: hashField, outputIndex: intField, script: hexField, satoshis: satsField, height: intField, isStake: boolField });
const delta = entry({ satoshis: satsField, txid: hashField, index: intField, blockindex: intField, height: intField, address: strField });
const blockRef = entry({ hash: hashField, height: intField });

describe('address-index fast decoders', () => {
  it('give zod\'s output on every real getaddressutxos/getaddressdeltas capture', () => {
    let seen = 0;
    for (const file of fs.readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
      const fx = parseWireJson(fs.readFileSync(path.join(DIR, file), 'utf8')) as { [k: string]: WireValue };
      const request = fx['request'] as { [k: string]: WireValue };
      const method = request['method'];
      if (method !== 'getaddressutxos' && method !== 'getaddressdeltas') continue;
      const response = fx['response'] as { [k: string]: WireValue };
      if (response['error'] !== null) continue;
      const schema = methodSpec(method)!.result(request['params']);
      expect(fastDecoderOf(schema)).toBeDefined();
      expectAgrees(schema, response['result'], true);
      seen++;
    }
    expect(seen).toBeGreaterThanOrEqual(6);
  });

  it('accept exactly what zod accepts, with the same output, on random entries', () => {
    fc.assert(
      fc.property(fc.array(utxo, { maxLength: 4 }), fc.array(delta, { maxLength: 4 }), hashField, intField, blockRef, blockRef, (us, ds, hash, height, start, end) => {
        for (const u of us) expectAgrees(addressUtxosSchema, [u]);
        expectAgrees(addressUtxosSchema, us);
        expectAgrees(addressUtxosChainInfoSchema, { utxos: us, hash, height });
        for (const d of ds) expectAgrees(addressDeltasSchema, [d]);
        expectAgrees(addressDeltasSchema, ds);
        expectAgrees(addressDeltasChainInfoSchema, { deltas: ds, start, end });
      }),
      { numRuns: 3000 },
    );
  });

  it('leave errors to zod: the message still names method and field', () => {
    const good = { address: 'q', txid: HASH, outputIndex: n('0'), script: '76', satoshis: n('5'), height: n('7'), isStake: false };
    const body = [good, good, good, { ...good, satoshis: n('-5') }] as unknown as WireValue;
    expect(() => decodeResult('getaddressutxos', addressUtxosSchema, body)).toThrow(RpcMalformedReplyError);
    expect(() => decodeResult('getaddressutxos', addressUtxosSchema, body)).toThrow('result[3].satoshis');
    const deltas = [{ satoshis: n('-5'), txid: HASH, index: n('0'), blockindex: n('1'), height: n('7') }] as unknown as WireValue;
    expect(() => decodeResult('getaddressdeltas', addressDeltasSchema, deltas)).toThrow(/result\[0\]\.address: missing/);
    const decoded = decodeResult('getaddressutxos', addressUtxosSchema, [good]);
    expect(decoded).toStrictEqual([{ address: 'q', txid: HASH, outputIndex: 0, script: '76', satoshis: 5n, height: 7, isStake: false }]);
  });
});
