/**
 * Bounds of every numeric API parameter. Heights and counts reach SQL `integer` columns, so a value beyond
 * the database's range must be a 400 at the edge (issue 12 §6), not an overflow inside a query.
 */

/** Largest block height accepted (the ledger's `integer` columns: 2^31 - 1). */
export const HEIGHT_MAX = 2_147_483_647;

/** JSON schema of a block-height query parameter. */
export const heightParamSchema = (description: string) => ({ type: 'integer', minimum: 0, maximum: HEIGHT_MAX, description }) as const;

/** JSON schema of a page-size parameter: `max` bounds what one reply can hold. */
export const limitParamSchema = (defaultSize: number, max: number, what = 'items per page') =>
  ({ type: 'integer', minimum: 1, maximum: max, default: defaultSize, description: `${what} (1..${max}, default ${defaultSize})` }) as const;

/** JSON schema of the `nextCursor` field of a paged reply (null on the last page). */
export const nextCursorSchema = {
  type: ['string', 'null'], description: 'pass as ?cursor= to get the next page; null when this is the last page',
} as const;
