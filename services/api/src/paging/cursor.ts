import { HttpError } from '../http-error';

/**
 * Opaque paging cursors. A cursor is the base64url JSON of `[kind, ...position]`: the list it belongs to and
 * the sort key of the last item served. Clients pass it back unchanged (`?cursor=`); anything else (another
 * list's cursor, a truncated or edited one) is a 400, never a query with an unchecked value.
 */

/** What a cursor position may hold. */
export type CursorValue = string | number;

/** Longest cursor text accepted (a position is a few sort keys). */
export const CURSOR_MAX_CHARS = 512;

/** JSON schema of a `cursor` query parameter. */
export const cursorParamSchema = {
  type: 'string', minLength: 1, maxLength: CURSOR_MAX_CHARS, pattern: '^[A-Za-z0-9_-]+$',
  description: 'opaque position from the previous page\'s nextCursor; omit for the first page',
} as const;

/** Encodes the position after the last item of a page of list `kind`. */
export function encodeCursor(kind: string, position: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify([kind, ...position]), 'utf8').toString('base64url');
}

const invalid = (kind: string, why: string) =>
  new HttpError(400, 'bad_request', `invalid cursor for ${kind}: ${why}; pass back a nextCursor unchanged, or omit it for the first page`);

/**
 * Decodes a cursor of list `kind`; `read` checks each position value (see {@link cursorInt}, {@link cursorText})
 * and returns the typed position, or undefined when it does not fit. Throws a 400 {@link HttpError} otherwise.
 */
export function decodeCursor<T>(kind: string, text: string, read: (position: readonly unknown[]) => T | undefined): T {
  if (text.length > CURSOR_MAX_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid(kind, 'not a cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid(kind, 'not a cursor');
  }
  if (!Array.isArray(parsed) || parsed[0] !== kind) throw invalid(kind, 'it belongs to another list');
  const position = read(parsed.slice(1));
  if (position === undefined) throw invalid(kind, 'its position is malformed');
  return position;
}

/** A cursor integer in [min, max] (heights, ids), else undefined. */
export function cursorInt(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

/** A cursor string of at most `maxChars` matching `pattern`, else undefined. */
export function cursorText(value: unknown, maxChars: number, pattern: RegExp): string | undefined {
  return typeof value === 'string' && value.length <= maxChars && pattern.test(value) ? value : undefined;
}
