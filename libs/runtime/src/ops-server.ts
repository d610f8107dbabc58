import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, collectDefaultMetrics } from 'prom-client';

/** A readiness probe: resolves true when the part can do its work (database reachable, node reachable...). */
export type ReadinessCheck = () => Promise<boolean> | boolean;

/** Options for {@link startOpsServer}. */
export interface OpsServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  registry: Registry;
  ready?: ReadinessCheck;
}

/** The running ops server. */
export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** A metrics registry with Node's default process metrics, one per process. */
export function createMetricsRegistry(prefix = 'ppm_'): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix });
  return registry;
}

/** Serves `/metrics` (Prometheus text), `/healthz` (process alive) and `/readyz` (dependencies reachable). */
export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        if (req.url === '/metrics') {
          res.writeHead(200, { 'content-type': opts.registry.contentType });
          res.end(await opts.registry.metrics());
        } else if (req.url === '/healthz') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"status":"ok"}');
        } else if (req.url === '/readyz') {
          const ok = opts.ready ? await opts.ready() : true;
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: ok ? 'ready' : 'not ready' }));
        } else {
          res.writeHead(404).end();
        }
      } catch {
        res.writeHead(500).end();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
