/**
 * JSON Schemas of the API's requests and responses. They are used twice: as Fastify route schemas (requests
 * are validated, responses serialised by them) and in the OpenAPI document, so the document cannot drift from
 * what the routes do. Plain objects, JSON Schema draft 7 / OpenAPI 3.1 compatible (type arrays for null).
 */
import { heightParamSchema, limitParamSchema, nextCursorSchema } from './paging/bounds';
import { cursorParamSchema } from './paging/cursor';

/** A decimal string of satoshis (1 QTUM = 100,000,000 sat); negative only for corrections. */
export const satsSchema = { type: 'string', pattern: '^-?[0-9]+$', description: 'satoshis, decimal string' } as const;
const nullableSats = { type: ['string', 'null'], pattern: '^-?[0-9]+$', description: 'satoshis, decimal string' } as const;
const hashSchema = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableInt = { type: ['integer', 'null'] } as const;

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ type: 'object', required: Object.keys(properties), properties, additionalProperties: false, ...extra }) as const;

/** Error body of every 4xx/5xx answer. */
export const errorSchema = obj({
  error: { type: 'string', description: 'machine-readable code: bad_request, not_found, internal' },
  message: { type: 'string', description: 'what was wrong, for people' },
});

const lastBlockSchema = { ...obj({ height: { type: 'integer' }, hash: hashSchema, status: { type: 'string' }, kind: nullableString, blockTime: nullableTime }), type: ['object', 'null'] };

/** GET /v1/status. `deps.status()` of the process may add more fields (e.g. chain tip, queue state). */
export const statusSchema = obj({
  network: { type: 'string' },
  appliedHeight: nullableInt,
  lastBlock: lastBlockSchema,
  snapshotHeight: nullableInt,
  snapshotBlockHash: { type: ['string', 'null'] },
  poolWeightSats: satsSchema,
  delegates: { type: 'integer', description: 'delegates with weight > 0 in the latest snapshot' },
  eligibleDelegates: { type: 'integer' },
  knownDelegates: { type: 'integer', description: 'addresses the ledger has ever credited' },
  blocks: obj({ pool: { type: 'integer' }, self: { type: 'integer' }, foreign: { type: 'integer' }, reversed: { type: 'integer' } }),
  totals: obj({
    poolRewardSats: satsSchema, selfRewardSats: satsSchema, sharedSats: satsSchema, poolFeeSats: satsSchema,
    unallocatedSats: satsSchema, openingBalanceSats: satsSchema, paidSats: satsSchema, inFlightSats: satsSchema, balanceSats: satsSchema,
  }),
}, { additionalProperties: true });

/** A delegate's balance and current weight. */
export const balanceSchema = obj({
  address: { type: 'string' },
  accruedSats: satsSchema,
  paidSats: satsSchema,
  inFlightSats: satsSchema,
  balanceSats: { ...satsSchema, description: 'accrued - in flight - paid' },
  weightSats: { ...satsSchema, description: 'weight in the latest snapshot' },
  weightHeight: nullableInt,
});

/** GET /v1/delegates: one page, by address. */
export const delegatesSchema = obj({
  delegates: { type: 'array', items: balanceSchema },
  nextCursor: nextCursorSchema,
  total: { type: 'integer', description: 'delegates in the whole list' },
});

/** Query of /v1/delegates */
export const delegatesQuerySchema = {
  type: 'object', properties: { cursor: cursorParamSchema, limit: limitParamSchema(100, 500, 'delegates per page') }, additionalProperties: false,
} as const;

const shareSchema = obj({
  height: { type: 'integer' }, blockHash: hashSchema, blockTime: nullableTime, shareSats: satsSchema, weightSats: satsSchema,
  poolWeightSats: satsSchema, rewardSats: satsSchema, reversed: { type: 'boolean', description: 'block left the main chain; share reversed' },
});

const delegatePayoutSchema = obj({
  batchId: { type: 'string' }, planHash: hashSchema, state: { type: 'string' }, txid: nullableString, amountSats: satsSchema,
  confirmations: { type: 'integer' }, blockHeight: nullableInt, createdAt: nullableTime, broadcastAt: nullableTime, confirmedAt: nullableTime,
});

/** GET /v1/delegates/:address */
export const delegateSchema = obj({
  address: { type: 'string' },
  balance: balanceSchema,
  shares: { type: 'array', items: shareSchema },
  payouts: { type: 'array', items: delegatePayoutSchema },
  sharesNextCursor: { ...nextCursorSchema, description: 'pass as ?sharesCursor= for older shares; null when none' },
  payoutsNextCursor: { ...nextCursorSchema, description: 'pass as ?payoutsCursor= for older payouts; null when none' },
});

/** Path parameter of /v1/delegates/:address (validated against the network in the handler, for a clear message). */
export const addressParamsSchema = obj({ address: { type: 'string', minLength: 1, maxLength: 100 } });

/** Query of /v1/delegates/:address */
export const delegateQuerySchema = {
  type: 'object',
  properties: { limit: limitParamSchema(100, 1000, 'shares and payouts per page'), sharesCursor: cursorParamSchema, payoutsCursor: cursorParamSchema },
  additionalProperties: false,
} as const;

const blockShareSchema = obj({ address: { type: 'string' }, weightSats: satsSchema, shareSats: satsSchema });

/** One reward block. */
export const rewardSchema = obj({
  height: { type: 'integer' }, blockHash: hashSchema, kind: { type: 'string', enum: ['pool', 'self'] }, blockTime: nullableTime,
  rewardSats: satsSchema, poolFeeSats: satsSchema, sharedSats: satsSchema, unallocatedSats: satsSchema, poolWeightSats: satsSchema,
  shares: { type: 'array', items: blockShareSchema, description: 'the first sharesLimit shares by address; all at /v1/rewards/{blockHash}/shares' },
  shareCount: { type: 'integer', description: 'delegates with a share in this block' },
});

/** GET /v1/rewards: one page (at most limit blocks, fewer when the reply would pass about 256 KB). */
export const rewardsSchema = obj({ rewards: { type: 'array', items: rewardSchema }, nextCursor: nextCursorSchema });

/** Query of /v1/rewards: inclusive heights. */
export const rewardsQuerySchema = {
  type: 'object',
  properties: {
    from: heightParamSchema('first height (inclusive); lists forward from here'),
    to: heightParamSchema('last height (inclusive); without from: the latest blocks up to here'),
    limit: limitParamSchema(100, 1000, 'blocks per page'),
    sharesLimit: limitParamSchema(100, 1000, 'shares listed per block'),
    cursor: cursorParamSchema,
  },
  additionalProperties: false,
} as const;

const blockHashText = { type: 'string', minLength: 64, maxLength: 64, pattern: '^[0-9a-f]{64}$' } as const;

/** Path parameter of /v1/rewards/:blockHash/shares */
export const blockHashParamsSchema = obj({ blockHash: blockHashText });

/** Query of /v1/rewards/:blockHash/shares */
export const blockSharesQuerySchema = {
  type: 'object', properties: { cursor: cursorParamSchema, limit: limitParamSchema(500, 1000, 'shares per page') }, additionalProperties: false,
} as const;

/** GET /v1/rewards/:blockHash/shares: one block's shares by address, paged. */
export const blockSharesSchema = obj({
  blockHash: hashSchema, height: { type: 'integer' }, shares: { type: 'array', items: blockShareSchema }, nextCursor: nextCursorSchema,
});

/** GET /v1/rewards/daily */
export const dailyRewardsSchema = obj({
  days: {
    type: 'array',
    items: obj({
      date: { type: 'string', format: 'date' }, poolBlocks: { type: 'integer' }, selfBlocks: { type: 'integer' }, rewardSats: satsSchema,
      sharedSats: satsSchema, poolFeeSats: satsSchema, selfRewardSats: satsSchema,
    }),
  },
});

/** Query of /v1/rewards/daily */
export const dailyQuerySchema = {
  type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } }, additionalProperties: false,
} as const;

const payoutOutputSchema = obj({ address: { type: 'string' }, amountSats: satsSchema });

/** GET /v1/payouts: one page, newest first (at most limit batches, fewer when the reply would pass about 256 KB). */
export const payoutsSchema = obj({
  nextCursor: nextCursorSchema,
  payouts: {
    type: 'array',
    items: obj({
      batchId: { type: 'string' }, planHash: hashSchema, batchIndex: { type: 'integer' }, state: { type: 'string' }, txid: nullableString,
      totalSats: satsSchema, feeSats: nullableSats, outputCount: { type: 'integer' }, confirmations: { type: 'integer' },
      blockHeight: nullableInt, error: nullableString, createdAt: nullableTime, broadcastAt: nullableTime, confirmedAt: nullableTime,
      outputs: { type: 'array', items: payoutOutputSchema, description: 'the first outputsLimit outputs by address; all at /v1/payouts/{batchId}/outputs' },
    }),
  },
});

/** Query of /v1/payouts */
export const payoutsQuerySchema = {
  type: 'object',
  properties: {
    state: { type: 'string', enum: ['reserved', 'signed', 'broadcast', 'confirmed', 'paid', 'dropped', 'failed'] },
    limit: limitParamSchema(50, 500, 'batches per page'),
    outputsLimit: limitParamSchema(100, 1000, 'outputs listed per batch'),
    cursor: cursorParamSchema,
  },
  additionalProperties: false,
} as const;

/** Path parameter of /v1/payouts/:batchId/outputs */
export const batchIdParamsSchema = obj({ batchId: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } });

/** Query of /v1/payouts/:batchId/outputs */
export const batchOutputsQuerySchema = {
  type: 'object', properties: { cursor: cursorParamSchema, limit: limitParamSchema(500, 1000, 'outputs per page') }, additionalProperties: false,
} as const;

/** GET /v1/payouts/:batchId/outputs: one batch's outputs by address, paged. */
export const batchOutputsSchema = obj({ batchId: { type: 'string' }, outputs: { type: 'array', items: payoutOutputSchema }, nextCursor: nextCursorSchema });
