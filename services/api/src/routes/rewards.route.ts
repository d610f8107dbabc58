import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';
import { HttpError } from '../http-error';
import { dailyQuerySchema, dailyRewardsSchema, errorSchema, rewardsQuerySchema, rewardsSchema } from '../schemas';
import { listDailyRewards } from '../store/daily-rewards.repo';
import { listRewards } from '../store/rewards.repo';

/** GET /v1/rewards (per block) and GET /v1/rewards/daily (per UTC day, for the dashboard's chart). */
export function registerRewardRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { from?: number; to?: number; limit: number } }>(
    '/v1/rewards',
    { schema: { querystring: rewardsQuerySchema, response: { 200: rewardsSchema, 400: errorSchema } } },
    async (req) => {
      const { from, to, limit } = req.query;
      if (from !== undefined && to !== undefined && from > to) throw new HttpError(400, 'bad_request', `from (${from}) must be <= to (${to})`);
      return { rewards: await listRewards(ctx.db, { from, to, limit }) };
    },
  );

  app.get<{ Querystring: { days: number } }>(
    '/v1/rewards/daily',
    { schema: { querystring: dailyQuerySchema, response: { 200: dailyRewardsSchema, 400: errorSchema } } },
    async (req) => ({ days: await listDailyRewards(ctx.db, req.query.days) }),
  );
}
