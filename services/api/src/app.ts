import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Queryable } from '@ppm/ledger';
import { createMetricsRegistry, type Logger } from '@ppm/runtime';
import type { Registry } from 'prom-client';
import type { ApiContext } from './api-context';
import { DEFAULT_RATE_LIMIT, parseListen, type ApiAppConfig } from './config';
import { createLedgerFigures } from './figures/ledger-figures';
import { HttpError } from './http-error';
import { createHttpMetrics, registerQueueDepthGauge } from './http-metrics';
import { registerRateLimit } from './limits/rate-limit.hook';
import { registerDashboardRoutes } from './routes/dashboard.route';
import { registerDelegateRoutes } from './routes/delegates.route';
import { registerOpenApiRoute } from './routes/openapi.route';
import { registerOpsRoutes } from './routes/ops.route';
import { registerPayoutRoutes } from './routes/payouts.route';
import { registerRewardRoutes } from './routes/rewards.route';
import { registerStatusRoutes } from './routes/status.route';
import { registerWholeNumberCheck } from './validation/whole-numbers.hook';

/** Version of the HTTP contract (the OpenAPI document's info.version). */
export const API_VERSION = '1.0.0';

/** What the api is given by the process that composes it. The api never closes `db`: its owner does. */
export interface ApiDeps {
  db: Queryable;
  log: Logger;
  /** The process's metrics registry; the api makes its own (with default process metrics) when absent. */
  registry?: Registry;
  queueDepths?: () => Promise<Record<string, number>>;
  /** Extra fields for /v1/status (chain tip, staking state...). */
  status?: () => Promise<object>;
}

/** The api: `app` is exposed for `inject()` tests; `start` listens on PPM_API_LISTEN. */
export interface ApiApp {
  readonly app: FastifyInstance;
  start(): Promise<{ port: number; url: string }>;
  stop(): Promise<void>;
}

/**
 * Wires the read-only JSON API, the dashboard, `/healthz` and `/readyz` on one Fastify server. `/metrics` is not
 * here: the process host serves it on PPM_OPS_LISTEN (the registry is shared), away from the public port.
 */
export function createApiApp(config: ApiAppConfig, deps: ApiDeps): ApiApp {
  const log = deps.log.child({ component: 'api' });
  const registry = deps.registry ?? createMetricsRegistry();
  const ctx: ApiContext = {
    db: deps.db, network: config.PPM_NETWORK, log, registry, figures: createLedgerFigures(deps.db), status: deps.status, queueDepths: deps.queueDepths,
  };
  // Fastify's own per-request lines are off: one debug line per request below, with the route and timing.
  // Typed with the base logger: the route modules take a plain FastifyInstance, not one specialised to pino's Logger.
  const app: FastifyInstance = Fastify<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // The rate limit keys on the client address: behind a proxy, only the configured proxies' X-Forwarded-For counts.
    trustProxy: trustedProxies(config.PPM_API_TRUST_PROXY),
  });
  const metrics = createHttpMetrics(registry);
  if (deps.queueDepths) registerQueueDepthGauge(registry, deps.queueDepths);

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.observe(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
    log.debug({ method: req.method, route, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  registerRateLimit(app, config.PPM_API_RATE_LIMIT ?? DEFAULT_RATE_LIMIT.perSecond, config.PPM_API_RATE_BURST ?? DEFAULT_RATE_LIMIT.burst);

  registerWholeNumberCheck(app);

  app.setErrorHandler(async (err: unknown, req, reply) => {
    if (err instanceof HttpError) return reply.code(err.statusCode).send({ error: err.code, message: err.message });
    const e = err as { validation?: unknown; statusCode?: number; message?: string };
    if (e.validation) return reply.code(400).send({ error: 'bad_request', message: e.message ?? 'bad request' });
    // Fastify's own refusals (malformed URL or body, unsupported content type, body too large) are the
    // client's fault: their 4xx code stands.
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: e.statusCode === 404 ? 'not_found' : 'bad_request', message: e.message ?? 'bad request' });
    }
    log.error({ err, method: req.method, url: req.url }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error; see the api log' });
  });
  app.setNotFoundHandler(async (req, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0] ?? ''}` }));

  registerStatusRoutes(app, ctx);
  registerDelegateRoutes(app, ctx);
  registerRewardRoutes(app, ctx);
  registerPayoutRoutes(app, ctx);
  registerOpenApiRoute(app, API_VERSION);
  registerOpsRoutes(app, ctx);
  registerDashboardRoutes(app);

  let stopped: Promise<void> | undefined;
  return {
    app,
    async start() {
      const { host, port } = parseListen(config.PPM_API_LISTEN);
      await app.listen({ host, port });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
      log.info({ url }, 'api listening');
      return { port: bound, url };
    },
    stop() {
      stopped ??= app.close();
      return stopped;
    },
  };
}

function trustedProxies(list: string | undefined): string[] | false {
  const proxies = (list ?? '').split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  return proxies.length > 0 ? proxies : false;
}
