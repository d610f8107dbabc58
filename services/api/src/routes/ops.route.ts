import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context';

/**
 * /healthz and /readyz on the api's own port too (probes that can only reach the public port). `/metrics` is
 * only on the ops listener (PPM_OPS_LISTEN, served by the process host): request counts and process figures
 * are for operators, not for the internet. Ready means the ledger answers and its schema exists.
 */
export function registerOpsRoutes(app: FastifyInstance, ctx: ApiContext): void {
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
