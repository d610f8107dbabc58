/**
 * A row's creation time as a keyset position: ISO-8601 UTC text with microseconds, made by Postgres, so a
 * cursor compares exactly with the column (a JS Date keeps milliseconds only).
 */
export type CreatedKey = string;

/** SQL of the created key of `alias.created_at`. */
export const CREATED_KEY_SQL = (alias: string) => `to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** What a created key looks like (checked before it reaches SQL). */
export const CREATED_KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Whether `text` is a created key of a real instant (month, day and time in range: it round-trips). */
export function isCreatedKey(text: string): boolean {
  if (!CREATED_KEY_PATTERN.test(text)) return false;
  const ms = Date.parse(`${text.slice(0, 23)}Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 23) === text.slice(0, 23);
}
