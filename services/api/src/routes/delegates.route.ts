import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';
import { HttpError } from '../http-error';
import { addressParamsSchema, delegateQuerySchema, delegateSchema, delegatesSchema, errorSchema } from '../schemas';
import { listDelegatePayouts, listDelegateShares } from '../store/delegate-history.repo';
import { getDelegateBalance, listDelegateBalances } from '../store/delegates.repo';
import { parseDelegateAddress } from './delegate-address';

/** GET /v1/delegates and GET /v1/delegates/:address. */
export function registerDelegateRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/v1/delegates', { schema: { response: { 200: delegatesSchema } } }, async () => ({
    delegates: await listDelegateBalances(ctx.db),
  }));

  app.get<{ Params: { address: string }; Querystring: { limit: number } }>(
    '/v1/delegates/:address',
    { schema: { params: addressParamsSchema, querystring: delegateQuerySchema, response: { 200: delegateSchema, 400: errorSchema, 404: errorSchema } } },
    async (req) => {
      const address = parseDelegateAddress(req.params.address, ctx.network);
      const balance = await getDelegateBalance(ctx.db, address);
      if (!balance) throw new HttpError(404, 'not_found', `${address} is not a delegate of this pool: no shares, weights or payouts recorded`);
      const shares = await listDelegateShares(ctx.db, address, req.query.limit);
      const payouts = await listDelegatePayouts(ctx.db, address, req.query.limit);
      return { address, balance, shares, payouts };
    },
  );
}
