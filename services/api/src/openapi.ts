import {
  addressParamsSchema, batchIdParamsSchema, batchOutputsQuerySchema, batchOutputsSchema, blockHashParamsSchema, blockSharesQuerySchema,
  blockSharesSchema, dailyQuerySchema, dailyRewardsSchema, delegateQuerySchema, delegateSchema, delegatesQuerySchema, delegatesSchema,
  errorSchema, payoutsQuerySchema, payoutsSchema, rewardsQuerySchema, rewardsSchema, statusSchema,
} from './schemas';

/** One documented operation; the schemas are the ones the route itself validates and serialises with. */
export interface ApiOperation {
  /** Fastify path (`/v1/delegates/:address`). */
  readonly path: string;
  readonly summary: string;
  readonly tag: 'pool' | 'delegates' | 'ops' | 'dashboard';
  readonly params?: { readonly properties: Record<string, unknown> };
  readonly query?: { readonly properties: Record<string, unknown> };
  /** JSON body of 200; for non-JSON answers, the content type instead. */
  readonly response: object | { readonly contentType: string };
  readonly errors?: readonly (400 | 404 | 503)[];
  /** Limited per client (429 with Retry-After); the probes are not. */
  readonly limited?: false;
}

/** Every GET route of the api, in the order of the document. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  { path: '/v1/status', tag: 'pool', summary: 'Pool status: applied height, last block, pool weight, delegates, totals', response: statusSchema },
  {
    path: '/v1/delegates', tag: 'delegates', summary: 'Delegates by address, one page: balance (accrued, paid, in flight) and latest weight',
    query: delegatesQuerySchema, response: delegatesSchema, errors: [400],
  },
  {
    path: '/v1/delegates/:address', tag: 'delegates', summary: 'One delegate: balance, per-block shares, payouts with txids',
    params: addressParamsSchema, query: delegateQuerySchema, response: delegateSchema, errors: [400, 404],
  },
  { path: '/v1/rewards', tag: 'pool', summary: 'Reward blocks with their split (inclusive height range), one page', query: rewardsQuerySchema, response: rewardsSchema, errors: [400] },
  {
    path: '/v1/rewards/:blockHash/shares', tag: 'pool', summary: 'Every share of one reward block, by address, one page',
    params: blockHashParamsSchema, query: blockSharesQuerySchema, response: blockSharesSchema, errors: [400, 404],
  },
  { path: '/v1/rewards/daily', tag: 'pool', summary: 'Reward totals per UTC day', query: dailyQuerySchema, response: dailyRewardsSchema, errors: [400] },
  { path: '/v1/payouts', tag: 'pool', summary: 'Payout batches (one transaction each) with outputs and confirmations, one page', query: payoutsQuerySchema, response: payoutsSchema, errors: [400] },
  {
    path: '/v1/payouts/:batchId/outputs', tag: 'pool', summary: 'Every output of one payout batch, by address, one page',
    params: batchIdParamsSchema, query: batchOutputsQuerySchema, response: batchOutputsSchema, errors: [400, 404],
  },
  { path: '/openapi.json', tag: 'ops', summary: 'This document', response: { contentType: 'application/json' } },
  { path: '/healthz', tag: 'ops', summary: 'Process alive', response: { contentType: 'application/json' }, limited: false },
  { path: '/readyz', tag: 'ops', summary: 'Ledger reachable and migrated (503 otherwise)', response: { contentType: 'application/json' }, errors: [503], limited: false },
  { path: '/', tag: 'dashboard', summary: 'Delegate dashboard (HTML)', response: { contentType: 'text/html' } },
];

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (message says what)', 404: 'Not found', 429: 'Too many requests from this client (see the Retry-After header)', 503: 'Not ready',
};

/** `/v1/delegates/:address` -> `/v1/delegates/{address}` */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(op: ApiOperation): object[] {
  const list: object[] = [];
  for (const [name, schema] of Object.entries(op.params?.properties ?? {})) list.push({ name, in: 'path', required: true, schema });
  for (const [name, schema] of Object.entries(op.query?.properties ?? {})) list.push({ name, in: 'query', required: false, schema });
  return list;
}

function responses(op: ApiOperation): Record<string, object> {
  const ok = 'contentType' in op.response
    ? { description: 'OK', content: { [op.response.contentType]: { schema: op.response.contentType === 'application/json' ? { type: 'object' } : { type: 'string' } } } }
    : { description: 'OK', content: { 'application/json': { schema: op.response } } };
  const out: Record<string, object> = { 200: ok };
  const codes: number[] = [...(op.errors ?? []), ...(op.limited === false ? [] : [429])];
  for (const code of codes) out[code] = { description: ERROR_TEXT[code] ?? 'Error', content: { 'application/json': { schema: errorSchema } } };
  return out;
}

/**
 * The OpenAPI 3.1 document of the api (3.1 because its schemas are JSON Schema, with type arrays for null).
 * Amounts are decimal strings of satoshis throughout.
 */
export function buildOpenApiDocument(version: string): object {
  const paths: Record<string, object> = {};
  for (const op of API_OPERATIONS) {
    paths[toOpenApiPath(op.path)] = {
      get: { operationId: operationId(op.path), summary: op.summary, tags: [op.tag], parameters: parameters(op), responses: responses(op) },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pool Payout Manager API',
      version,
      description: 'Read-only view of a Qtum super-staker pool: status, delegates, rewards and payouts. Amounts are decimal strings of satoshis (1 QTUM = 100,000,000 sat).',
    },
    tags: [{ name: 'pool' }, { name: 'delegates' }, { name: 'ops' }, { name: 'dashboard' }],
    paths,
  };
}

function operationId(path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  return words.length === 0 ? 'dashboard' : ['get', ...words].map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}
