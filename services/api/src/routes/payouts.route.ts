import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';
import { errorSchema, payoutsQuerySchema, payoutsSchema } from '../schemas';
import { listPayouts } from '../store/payouts.repo';

/** GET /v1/payouts: payout batches (one transaction each) with their outputs, newest first. */
export function registerPayoutRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { state?: string; limit: number } }>(
    '/v1/payouts',
    { schema: { querystring: payoutsQuerySchema, response: { 200: payoutsSchema, 400: errorSchema } } },
    async (req) => ({ payouts: await listPayouts(ctx.db, { state: req.query.state, limit: req.query.limit }) }),
  );
}
