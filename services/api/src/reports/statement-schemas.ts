import { satsSchema } from '../schemas';

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ type: 'object', required: Object.keys(properties), properties, additionalProperties: false, ...extra }) as const;
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description: 'UTC day, inclusive' } as const;

/** ?from&to&format of the statement. */
export const statementQuerySchema = {
  type: 'object',
  required: ['from', 'to'],
  properties: { from: day, to: day, format: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
  additionalProperties: false,
} as const;

/** GET /v1/delegates/:address/statement (JSON). */
export const statementSchema = obj({
  address: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  blocks: {
    type: 'array',
    items: obj({
      height: { type: 'integer' }, blockHash: { type: 'string' }, date: { type: 'string', format: 'date-time' }, weightSats: satsSchema,
      poolWeightSats: satsSchema, rewardSats: satsSchema, shareSats: satsSchema,
      sharedPoolWeightSats: { ...satsSchema, description: 'the weight the reward was shared over: pool weight less the delegates the rules left out when their part went to the others (leftover: redistribute)' },
      poolFeeBps: { type: ['integer', 'null'], description: 'pool fee the block was credited under, basis points; null when not recorded' },
      rules: { type: 'string', description: 'rules the block was shared under, k=v;k=v (empty when not recorded)' },
      rulesApplied: {
        type: 'string',
        description: 'delegate rules (PPM_RULES_FILE) that touched this delegate in the block, "; "-joined: "excluded N withheld", "below_minimum N withheld", "fee_override Fbps +N"; empty when none',
      },
    }),
  },
  payouts: {
    type: 'array',
    items: obj({ date: { type: 'string', format: 'date-time' }, amountSats: satsSchema, txid: { type: 'string' }, state: { type: 'string' }, confirmations: { type: 'integer' } }),
  },
  totals: obj({ sharesSats: satsSchema, paidSats: satsSchema }),
});
