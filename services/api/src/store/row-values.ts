/**
 * Conversions of database values to wire values. Both adapters return numeric and int8 columns as decimal
 * strings; these helpers check that and never let an amount pass through a float.
 */

const INTEGER_TEXT = /^-?\d+$/;

/** What the adapters return for numeric, integer and int8 columns. */
export type DbNumber = string | number | bigint | null | undefined;

/** What the adapters return for timestamptz columns. */
export type DbTime = Date | string | null | undefined;

/** A numeric(20,0) / bigint column (or an aggregate of them) as a decimal string of satoshis. */
export function satsText(value: DbNumber): string {
  if (value === null || value === undefined) return '0';
  const text = value.toString();
  // BigInt normalises "-0" and leading zeros; a scale (e.g. "1.0") means a schema change and must fail loudly.
  if (!INTEGER_TEXT.test(text)) throw new TypeError(`expected an integer amount from the database, got ${JSON.stringify(text)}`);
  return BigInt(text).toString();
}

/** A count(*) (int8, returned as text) or integer column as a JS number. */
export function countOf(value: DbNumber): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new TypeError(`expected a count from the database, got ${value.toString()}`);
  return n;
}

/** A nullable integer column (heights). */
export function intOrNull(value: DbNumber): number | null {
  return value === null || value === undefined ? null : countOf(value);
}

/** A timestamptz column as an ISO-8601 string (null stays null). */
export function isoOrNull(value: DbTime): string | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(value);
  return d.toISOString();
}
