/**
 * zod building blocks for qtumd's lossless wire values: numbers arrive as JsonNumber (exact text, see
 * @ppm/chain wire-json), never as JS floats, and are converted here with the unit the field has on the wire.
 */
import { JsonNumber, parseQtum } from '@ppm/chain';
import { z } from 'zod';

/** qtumd's ValueFromAmount: optional minus, digits, exactly 8 decimals. */
const AMOUNT_TEXT = /^-?\d+\.\d{8}$/;
const INT_TEXT = /^-?\d+$/;

function isNumber(v: unknown): v is JsonNumber {
  return v instanceof JsonNumber;
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
export const hex = z.string().regex(/^[0-9a-fA-F]*$/, 'expected hex');

/** A 64-hex hash (block hash, txid). */
export const hash256 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected a 64-hex hash');

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
