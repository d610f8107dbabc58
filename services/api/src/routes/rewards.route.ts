import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';
import { HttpError } from '../http-error';
import { HEIGHT_MAX } from '../paging/bounds';
import { cursorInt, cursorText, decodeCursor, encodeCursor } from '../paging/cursor';
import {
  blockHashParamsSchema, blockSharesQuerySchema, blockSharesSchema, dailyQuerySchema, dailyRewardsSchema, errorSchema, rewardsQuerySchema,
  rewardsSchema,
} from '../schemas';
import { listDailyRewards } from '../store/daily-rewards.repo';
import { listBlockShares, listRewards, rewardBlockHeight } from '../store/rewards.repo';

interface RewardsQuerystring {
  from?: number;
  to?: number;
  limit: number;
  sharesLimit: number;
  cursor?: string;
}

// A rewards cursor: the walking direction and the next height to start from (inclusive).
const readRewardsPosition = (p: readonly unknown[]) => {
  const height = cursorInt(p[1], 0, HEIGHT_MAX);
  return p.length === 2 && (p[0] === 'asc' || p[0] === 'desc') && height !== undefined ? { direction: p[0], height } as const : undefined;
};
const readAddress = (p: readonly unknown[]) => (p.length === 1 ? cursorText(p[0], 100, /^[1-9A-HJ-NP-Za-km-z]+$/) : undefined);

/** GET /v1/rewards (per block, paged), /v1/rewards/{blockHash}/shares (one block's split, paged) and /v1/rewards/daily. */
export function registerRewardRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: RewardsQuerystring }>(
    '/v1/rewards',
    { schema: { querystring: rewardsQuerySchema, response: { 200: rewardsSchema, 400: errorSchema } } },
    async (req) => {
      const { limit, sharesLimit, cursor } = req.query;
      let { from, to } = req.query;
      if (from !== undefined && to !== undefined && from > to) throw new HttpError(400, 'bad_request', `from (${from}) must be <= to (${to})`);
      // With from: upward from there; without: the latest blocks, down from to (or the tip). A cursor continues
      // the walk it came from within the same from/to bounds.
      const position = cursor === undefined ? undefined : decodeCursor('rewards', cursor, readRewardsPosition);
      const direction = position?.direction ?? (from !== undefined ? 'asc' : 'desc');
      if (position?.direction === 'asc') from = Math.max(from ?? 0, position.height);
      if (position?.direction === 'desc') to = Math.min(to ?? HEIGHT_MAX, position.height);
      if (from !== undefined && to !== undefined && from > to) return { rewards: [], nextCursor: null };
      const page = await listRewards(ctx.db, { from, to, direction, limit, sharesLimit });
      const edge = direction === 'asc' ? page.rewards[page.rewards.length - 1] : page.rewards[0];
      const next = edge && page.more ? (direction === 'asc' ? edge.height + 1 : edge.height - 1) : undefined;
      return { rewards: page.rewards, nextCursor: next !== undefined && next >= 0 && next <= HEIGHT_MAX ? encodeCursor('rewards', [direction, next]) : null };
    },
  );

  app.get<{ Params: { blockHash: string }; Querystring: { limit: number; cursor?: string } }>(
    '/v1/rewards/:blockHash/shares',
    { schema: { params: blockHashParamsSchema, querystring: blockSharesQuerySchema, response: { 200: blockSharesSchema, 400: errorSchema, 404: errorSchema } } },
    async (req) => {
      const { blockHash } = req.params;
      const after = req.query.cursor === undefined ? undefined : decodeCursor('block shares', req.query.cursor, readAddress);
      const height = await rewardBlockHeight(ctx.db, blockHash);
      if (height === undefined) throw new HttpError(404, 'not_found', `${blockHash} is not an applied main-chain reward block`);
      const page = await listBlockShares(ctx.db, blockHash, req.query.limit, after);
      const last = page.shares[page.shares.length - 1];
      return { blockHash, height, shares: page.shares, nextCursor: page.more && last ? encodeCursor('block shares', [last.address]) : null };
    },
  );

  app.get<{ Querystring: { days: number } }>(
    '/v1/rewards/daily',
    { schema: { querystring: dailyQuerySchema, response: { 200: dailyRewardsSchema, 400: errorSchema } } },
    async (req) => ({ days: await listDailyRewards(ctx.db, req.query.days) }),
  );
}
