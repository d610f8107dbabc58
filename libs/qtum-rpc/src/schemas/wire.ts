/**
 * zod building blocks for qtumd's lossless wire values: numbers arrive as JsonNumber (exact text, see
 * @ppm/chain wire-json), never as JS floats, and are converted here with the unit the field has on the wire.
 */
import { JsonNumber, parseQtum } from '@ppm/chain';
import { z } from 'zod';

/** qtumd's ValueFromAmount: optional minus, digits, exactly 8 decimals. */
const AMOUNT_TEXT = /^-?\d+\.\d{8}$/;
const INT_TEXT = /^-?\d+$/;
const HEX_TEXT = /^[0-9a-fA-F]*$/;
const HASH256_TEXT = /^[0-9a-fA-F]{64}$/;

function isNumber(v: unknown): v is JsonNumber {
  return v instanceof JsonNumber;
}

/*
 * Plain checks for hand-written decoders of hot replies (see withFastDecoder): each is the exact predicate and
 * conversion of the zod building block of the same name below, and returns undefined where that one fails.
 */

/** {@link int}: a safe integer -> number. */
export function fastInt(v: unknown): number | undefined {
  return isNumber(v) && INT_TEXT.test(v.text) && Number.isSafeInteger(Number(v.text)) ? Number(v.text) : undefined;
}

/** {@link satoshis}: integer satoshis (may be negative) -> bigint. */
export function fastSatoshis(v: unknown): bigint | undefined {
  return isNumber(v) && INT_TEXT.test(v.text) ? BigInt(v.text) : undefined;
}

/** {@link unsignedSatoshis}: non-negative integer satoshis -> bigint. */
export function fastUnsignedSatoshis(v: unknown): bigint | undefined {
  return isNumber(v) && INT_TEXT.test(v.text) && !v.text.startsWith('-') ? BigInt(v.text) : undefined;
}

/** {@link hex}. */
export function isHexText(v: unknown): v is string {
  return typeof v === 'string' && HEX_TEXT.test(v);
}

/** {@link hash256}. */
export function isHash256Text(v: unknown): v is string {
  return typeof v === 'string' && HASH256_TEXT.test(v);
}

/** A JSON object as `z.object` takes it (narrower: never a JsonNumber, which zod would then reject field by field). */
export function isWireObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);
}

/** Every element decoded by `decode`, or undefined if `v` is not an array or any element fails. */
export function fastArray<T>(v: unknown, decode: (x: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: T[] = new Array<T>(v.length);
  for (let k = 0; k < v.length; k++) {
    const x = decode(v[k]);
    if (x === undefined) return undefined;
    out[k] = x;
  }
  return out;
}

/** A decoder that gives a schema's exact output for inputs it accepts, and undefined for anything else. */
export type FastDecoder<T> = (v: unknown) => T | undefined;

const FAST_DECODERS = new WeakMap<z.ZodType, FastDecoder<unknown>>();

/**
 * Attaches a hand-written decoder to a hot schema (big address-index replies): decodeResult tries it first and
 * falls back to the schema whenever it returns undefined, so errors are still worded by zod, naming the field.
 * The decoder must accept only what the schema accepts and return the same output.
 */
export function withFastDecoder<T>(schema: z.ZodType<T>, decode: FastDecoder<T>): z.ZodType<T> {
  FAST_DECODERS.set(schema, decode);
  return schema;
}

/** The fast decoder attached to `schema`, if any. */
export function fastDecoderOf<T>(schema: z.ZodType<T>): FastDecoder<T> | undefined {
  return FAST_DECODERS.get(schema) as FastDecoder<T> | undefined;
}

/** A non-negative QTUM amount (`201.00000000`) -> bigint satoshis. */
export const qtumAmount = z
  .custom<JsonNumber>((v) => isNumber(v) && AMOUNT_TEXT.test(v.text) && !v.text.startsWith('-'), 'expected an 8-decimal amount')
  .transform((n) => parseQtum(n.text));

/** A signed QTUM amount (wallet sends report negative amount/fee) -> bigint satoshis. */
export const signedQtumAmount = z
  .custom<JsonNumber>((v) => isNumber(v) && AMOUNT_TEXT.test(v.text), 'expected an 8-decimal amount')
  .transform((n) => parseQtum(n.text, { allowNegative: true }));

/** An integer count of satoshis (address index, stake weights, valueSat) -> bigint; may be negative (deltas). */
export const satoshis = z
  .custom<JsonNumber>((v) => isNumber(v) && INT_TEXT.test(v.text), 'expected integer satoshis')
  .transform((n) => BigInt(n.text));

/** A non-negative integer count of satoshis -> bigint. */
export const unsignedSatoshis = z
  .custom<JsonNumber>((v) => isNumber(v) && INT_TEXT.test(v.text) && !v.text.startsWith('-'), 'expected non-negative integer satoshis')
  .transform((n) => BigInt(n.text));

/** A safe integer -> number. */
export const int = z
  .custom<JsonNumber>((v) => isNumber(v) && INT_TEXT.test(v.text) && Number.isSafeInteger(Number(v.text)), 'expected a safe integer')
  .transform((n) => Number(n.text));

/** A double that is not money (difficulty, verificationprogress) -> number. */
export const double = z
  .custom<JsonNumber>((v) => isNumber(v) && Number.isFinite(Number(v.text)), 'expected a number')
  .transform((n) => Number(n.text));

/** Hex text (hashes, scripts, raw transactions). */
export const hex = z.string().regex(HEX_TEXT, 'expected hex');

/** A 64-hex hash (block hash, txid). */
export const hash256 = z.string().regex(HASH256_TEXT, 'expected a 64-hex hash');

/** `{hash, height}` as in lastprocessedblock / chainInfo. */
export const blockRef = z.object({ hash: hash256, height: int });

/**
 * Renames QTUM amount keys to `<key>Sats` (and keeps the other keys) after validation. Homomorphic so that
 * optional keys stay optional.
 */
export type SatsRenamed<T, K extends string> = { [P in keyof T as P extends K ? `${P & string}Sats` : P]: T[P] };

/**
 * `z.object(shape)` whose amount keys come out renamed `<key>Sats`, in wire order, with absent optional
 * keys left absent (exactOptionalPropertyTypes).
 */
export function objectWithSats<S extends z.ZodRawShape, K extends keyof S & string>(shape: S, amountKeys: readonly K[]) {
  const renamed = new Set<string>(amountKeys);
  return z.object(shape).transform((o) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (v === undefined) continue;
      out[renamed.has(k) ? `${k}Sats` : k] = v;
    }
    return out as SatsRenamed<z.output<z.ZodObject<S>>, K>;
  });
}
