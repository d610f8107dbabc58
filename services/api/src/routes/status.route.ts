import type { FastifyInstance } from 'fastify';
import { readChainFollowState, summarizeChainFollow } from '@ppm/ledger';
import type { ApiContext } from '../api-context';
import { errorSchema, statusSchema } from '../schemas';
import { getPoolStatus } from '../store/status.repo';

/** GET /v1/status: the pool at a glance, plus whatever the composing process reports. */
export function registerStatusRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/v1/status', { schema: { response: { 200: statusSchema, 500: errorSchema } } }, async () => {
    const base = { network: ctx.network, ...(await getPoolStatus(ctx.db)) };
    const queues = ctx.queueDepths ? { queueDepths: await ctx.queueDepths() } : {};
    const extra: { chainFollow?: unknown } = ctx.status ? await ctx.status() : {};
    // Chain following (node behind, deep reorg held, stall): the composing process's live reading of the node
    // when it has one, else what the chain-watcher recorded in the ledger.
    const chainFollow = extra.chainFollow ?? summarizeChainFollow(await readChainFollowState(ctx.db));
    // The ledger's figures win over a same-named field of the process: they are what the other routes show.
    return { ...extra, ...queues, ...base, chainFollow };
  });
}
