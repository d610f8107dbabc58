import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';

/**
 * /metrics, /healthz and /readyz on the api's own port (the same contract as @ppm/runtime's ops server), so
 * the api needs one listening socket only. Ready means the ledger answers and its schema exists.
 */
export function registerOpsRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/metrics', async (_req, reply) => {
    const text = await ctx.registry.metrics();
    return reply.type(ctx.registry.contentType).send(text);
  });

  app.get('/healthz', (_req, reply) => reply.send({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    try {
      await ctx.db.query('SELECT 1 FROM blocks LIMIT 1');
      return { status: 'ready' };
    } catch (err) {
      ctx.log.warn({ err }, 'not ready: ledger unreachable or not migrated');
      return reply.code(503).send({ status: 'not ready' });
    }
  });
}
