import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';
import { HttpError } from '../http-error';
import { cursorInt, cursorText, decodeCursor, encodeCursor } from '../paging/cursor';
import { HEIGHT_MAX } from '../paging/bounds';
import { indexAfter } from '../paging/page';
import { addressParamsSchema, delegateQuerySchema, delegateSchema, delegatesQuerySchema, delegatesSchema, errorSchema } from '../schemas';
import { isCreatedKey } from '../store/created-key';
import { listDelegatePayouts, listDelegateShares, type DelegatePayoutKey, type ShareKey } from '../store/delegate-history.repo';
import { seenElsewhere, zeroBalance } from '../store/delegates.repo';
import { parseDelegateAddress } from './delegate-address';

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;
const DIGITS = /^[0-9]{1,19}$/;

const readAddress = (p: readonly unknown[]) => (p.length === 1 ? cursorText(p[0], 100, BASE58) : undefined);
const readShareKey = (p: readonly unknown[]): ShareKey | undefined => {
  const height = cursorInt(p[0], 0, HEIGHT_MAX);
  const entryId = cursorText(p[1], 19, DIGITS);
  return p.length === 2 && height !== undefined && entryId !== undefined ? { height, entryId } : undefined;
};
const readPayoutKey = (p: readonly unknown[]): DelegatePayoutKey | undefined => {
  const created = cursorText(p[0], 27, /^[0-9T:.Z-]+$/);
  const batchId = cursorText(p[1], 200, /^[\x21-\x7e]+$/);
  return p.length === 2 && created !== undefined && isCreatedKey(created) && batchId !== undefined ? { created, batchId } : undefined;
};

interface DelegateQuery {
  limit: number;
  sharesCursor?: string;
  payoutsCursor?: string;
}

/** GET /v1/delegates (paged by address) and GET /v1/delegates/:address (shares and payouts paged, newest first). */
export function registerDelegateRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { cursor?: string; limit: number } }>(
    '/v1/delegates',
    { schema: { querystring: delegatesQuerySchema, response: { 200: delegatesSchema, 400: errorSchema } } },
    async (req) => {
      const list = await ctx.figures.delegates();
      const start = req.query.cursor === undefined ? 0 : indexAfter(list.sorted, (d) => d.address, decodeCursor('delegates', req.query.cursor, readAddress));
      const delegates = list.sorted.slice(start, start + req.query.limit);
      const last = delegates[delegates.length - 1];
      const more = start + delegates.length < list.sorted.length;
      return { delegates, nextCursor: more && last ? encodeCursor('delegates', [last.address]) : null, total: list.sorted.length };
    },
  );

  app.get<{ Params: { address: string }; Querystring: DelegateQuery }>(
    '/v1/delegates/:address',
    { schema: { params: addressParamsSchema, querystring: delegateQuerySchema, response: { 200: delegateSchema, 400: errorSchema, 404: errorSchema } } },
    async (req) => {
      const address = parseDelegateAddress(req.params.address, ctx.network);
      const { limit, sharesCursor, payoutsCursor } = req.query;
      const sharesAfter = sharesCursor === undefined ? undefined : decodeCursor('delegate shares', sharesCursor, readShareKey);
      const payoutsAfter = payoutsCursor === undefined ? undefined : decodeCursor('delegate payouts', payoutsCursor, readPayoutKey);
      const balance = (await ctx.figures.delegates()).byAddress.get(address)
        ?? ((await seenElsewhere(ctx.db, address)) ? zeroBalance(address) : undefined);
      if (!balance) throw new HttpError(404, 'not_found', `${address} is not a delegate of this pool: no shares, weights or payouts recorded`);
      const shares = await listDelegateShares(ctx.db, address, limit, sharesAfter);
      const payouts = await listDelegatePayouts(ctx.db, address, limit, payoutsAfter);
      return {
        address, balance, shares: shares.items, payouts: payouts.items,
        sharesNextCursor: shares.next ? encodeCursor('delegate shares', [shares.next.height, shares.next.entryId]) : null,
        payoutsNextCursor: payouts.next ? encodeCursor('delegate payouts', [payouts.next.created, payouts.next.batchId]) : null,
      };
    },
  );
}
