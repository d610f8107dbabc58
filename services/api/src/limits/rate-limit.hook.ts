import type { FastifyInstance } from 'fastify';
import { createRateLimiter } from './rate-limit';

/** Probes are never limited: an orchestrator must always see whether the process is alive. */
const UNLIMITED = new Set(['/healthz', '/readyz']);

/**
 * Answers 429 with Retry-After (seconds) to a client above PPM_API_RATE_LIMIT requests per second (bursts of
 * PPM_API_RATE_BURST). Runs before routing work, so a flood costs one map lookup per request. 0 = off.
 */
export function registerRateLimit(app: FastifyInstance, perSecond: number, burst: number): void {
  if (perSecond <= 0) return;
  const limiter = createRateLimiter(perSecond, burst);
  app.addHook('onRequest', async (req, reply) => {
    if (UNLIMITED.has(req.url)) return;
    const wait = limiter.take(req.ip);
    if (wait === 0) return;
    await reply.code(429).header('retry-after', String(wait)).send({
      error: 'rate_limited', message: `too many requests from ${req.ip}: at most ${perSecond} per second (bursts of ${burst}); retry after ${wait} s`,
    });
  });
}
