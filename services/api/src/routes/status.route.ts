import type { FastifyInstance } from 'fastify';
import { readChainFollowState, summarizeChainFollow } from '@ppm/ledger';
import type { ApiContext } from '../api-context';
import { createKeyedMemo } from '../figures/memo';
import { errorSchema, statusSchema } from '../schemas';

/** How often the composing process's own facts (node tip, queue depths) are read at most, in milliseconds. */
export const PROCESS_FACTS_TTL_MS = 1_000;

/** GET /v1/status: the pool at a glance, plus whatever the composing process reports. */
export function registerStatusRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // The process's facts ask qtumd and Redis: a crowd shares one reading per second instead of one per request.
  const facts = createKeyedMemo<object>(Number.POSITIVE_INFINITY);
  const processFacts = async (): Promise<object> => {
    const queues = ctx.queueDepths ? { queueDepths: await ctx.queueDepths() } : {};
    const extra = ctx.status ? await ctx.status() : {};
    return { ...extra, ...queues };
  };
  // The ledger's chain-follow record: requests that arrive while one read runs share it (single flight), so a
  // crowd costs one query at a time, and a request after it reads afresh (a change shows at the next request).
  let followRead: Promise<Awaited<ReturnType<typeof readChainFollowState>>> | undefined;
  const followState = () => {
    followRead ??= readChainFollowState(ctx.db).finally(() => { followRead = undefined; });
    return followRead;
  };
  app.get('/v1/status', { schema: { response: { 200: statusSchema, 500: errorSchema } } }, async () => {
    const tick = String(Math.floor(Date.now() / PROCESS_FACTS_TTL_MS));
    const [pool, extra] = await Promise.all([
      ctx.figures.status(),
      ctx.queueDepths || ctx.status ? facts.get(tick, processFacts) : Promise.resolve({}),
    ]);
    // The composing process's live reading of the node when it has one, else the ledger's record.
    // (The ledger's record is a few kv rows by primary key, read as above.)
    const chainFollow = (extra as { chainFollow?: unknown }).chainFollow ?? summarizeChainFollow(await followState());
    // The ledger's figures win over a same-named field of the process: they are what the other routes show.
    return { ...extra, network: ctx.network, ...pool, chainFollow };
  });
}
