/**
 * JSON Schemas of the provable-payout and snapshot routes (docs/provable-payouts.md), used as Fastify route
 * schemas and in the OpenAPI document, like ../schemas.ts.
 */
import { satsSchema } from '../schemas';

const hashSchema = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ type: 'object', required: Object.keys(properties), properties, additionalProperties: false, ...extra }) as const;

/** :hash of a payout plan. */
export const planParamsSchema = obj({ hash: { ...hashSchema, description: 'payout plan hash' } });
/** :hash and :address. */
export const planAddressParamsSchema = obj({
  hash: { ...hashSchema, description: 'payout plan hash' },
  address: { type: 'string', minLength: 1, maxLength: 64, description: 'delegate address (P2PKH)' },
});
/** :height of a block. */
export const heightParamsSchema = obj({ height: { type: 'integer', minimum: 0, maximum: 2_147_483_647 } });

/** paidTo only on a redirected payment (its leaf names the delegate and the address paid, leaf version 2). */
const leafSchema = {
  ...obj({ address: { type: 'string' }, amountSats: satsSchema, leafHash: hashSchema }),
  properties: { address: { type: 'string' }, amountSats: satsSchema, paidTo: { type: 'string', description: 'the address paid under the delegate\'s signed redirect' }, leafHash: hashSchema },
} as const;
const txSchema = obj({ batchIndex: { type: 'integer' }, txid: { type: ['string', 'null'] }, state: { type: 'string' } });
const commitmentSchema = obj({
  tag: { type: 'string', description: 'ASCII tag before the root in the OP_RETURN data ("PPM1")' },
  leafVersion: { type: 'integer', description: 'encoding version inside every leaf preimage' },
  opReturnScriptHex: { type: 'string', description: 'the scriptPubKey every transaction of the plan carries' },
});

/** GET /v1/payouts/plans/:hash/tree */
export const planTreeSchema = obj({
  planHash: hashSchema,
  network: { type: 'string' },
  root: hashSchema,
  commitment: commitmentSchema,
  leaves: { type: 'array', items: leafSchema, description: 'sorted by leaf hash (tree order)' },
  transactions: { type: 'array', items: txSchema },
});

/** GET /v1/payouts/plans/:hash/proof/:address */
export const payoutProofSchema = obj({
  planHash: hashSchema,
  network: { type: 'string' },
  root: hashSchema,
  commitment: commitmentSchema,
  leaf: leafSchema,
  leafIndex: { type: 'integer' },
  steps: { type: 'array', items: obj({ side: { type: 'string', enum: ['left', 'right'] }, hash: hashSchema }) },
  txid: { type: ['string', 'null'], description: 'the transaction paying this leaf; its OP_RETURN must hold the root' },
  batchIndex: { type: 'integer' },
  state: { type: 'string' },
});

/** GET /v1/blocks/:height/snapshot */
export const blockSnapshotSchema = obj({
  height: { type: 'integer' },
  blockHash: hashSchema,
  contentHash: { ...hashSchema, description: 'sha256 of the canonical JSON of `content` (keys sorted, no spaces)' },
  content: { type: ['object', 'null'], additionalProperties: true, description: 'exactly what was hashed; null for snapshots stored before it was kept' },
  rewardSats: satsSchema,
  poolWeightSats: satsSchema,
  poolFeeSats: satsSchema,
  delegates: {
    type: 'array',
    items: obj({ address: { type: 'string' }, fee: { type: 'integer' }, weightSats: satsSchema, shareSats: satsSchema }),
  },
});
