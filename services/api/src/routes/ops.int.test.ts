import { silentLogger } from '@ppm/runtime';
import { Registry } from 'prom-client';
import { createApiApp } from '../app';
import { API_OPERATIONS, toOpenApiPath } from '../openapi';
import { openApiFixture, type ApiFixture } from '../test/api-fixture';
import { availableBackends } from '../test/test-db';

/** Full paths of the routes Fastify registered, read from its route tree (static dashboard assets excluded). */
function registeredPaths(tree: string): string[] {
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4; // "└── " at column 0, each level 4 columns deeper
    const segment = line.slice(at + 3).replace(/ \(.*\)$/, '');
    const parent = depth === 0 ? '' : stack[depth - 1]!;
    const full = parent === '/' ? `/${segment}` : `${parent}${segment}`;
    stack[depth] = full;
    stack.length = depth + 1;
    if (!/\.(js|css)$/.test(full)) paths.push(full);
  }
  return paths.sort();
}

describe.each(availableBackends())('ops routes on %s', (backend) => {
  let f: ApiFixture;
  const registry = new Registry();
  beforeAll(async () => {
    f = await openApiFixture(backend, { registry, queueDepths: () => Promise.resolve({ 'chain.blocks': 3, snapshots: 0 }) });
  });
  afterAll(async () => {
    await f?.close();
  });

  test('/openapi.json is an OpenAPI 3.1 document with every route and its schemas', async () => {
    const { status, text, headers } = await f.get('/openapi.json');
    expect(status).toBe(200);
    expect(String(headers['content-type'])).toMatch(/^application\/json/);
    const doc = JSON.parse(text);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Pool Payout Manager API');
    await f.api.app.ready();
    const routes = registeredPaths(f.api.app.printRoutes({ commonPrefix: false }));
    expect(routes).toEqual(API_OPERATIONS.map((op) => op.path).sort());
    expect(Object.keys(doc.paths).sort()).toEqual(routes.map(toOpenApiPath).sort());
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/v1/status', '/v1/delegates', '/v1/delegates/{address}', '/v1/rewards', '/v1/rewards/daily', '/v1/payouts', '/healthz', '/readyz',
      '/v1/rewards/{blockHash}/shares', '/v1/payouts/{batchId}/outputs',
    ]));
    const delegate = doc.paths['/v1/delegates/{address}'].get;
    expect(delegate.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'address', in: 'path', required: true })]));
    expect(Object.keys(delegate.responses).sort()).toEqual(['200', '400', '404', '429']);
    expect(delegate.responses['200'].content['application/json'].schema.properties.balance.properties.balanceSats.type).toBe('string');
    const rewards = doc.paths['/v1/rewards'].get;
    expect((rewards.parameters as { name: string }[]).map((p) => p.name)).toEqual(['from', 'to', 'limit', 'sharesLimit', 'cursor']);
    expect(Object.keys(doc.paths['/healthz'].get.responses)).toEqual(['200']);
  });

  test('/metrics is not on the public port; its request counters and queue depths are in the registry the ops listener serves', async () => {
    await f.get('/v1/status');
    const { status, body } = await f.get('/metrics');
    expect(status).toBe(404);
    expect(body.error).toBe('not_found');
    const text = await registry.metrics();
    expect(text).toContain('ppm_api_requests_total{method="GET",route="/v1/status",status_code="200"}');
    expect(text).toContain('ppm_api_request_duration_seconds_bucket');
    expect(text).toContain('ppm_api_queue_jobs{queue="chain.blocks"} 3');
  });

  test('/v1/status includes queue depths when the process has queues', async () => {
    expect((await f.get('/v1/status')).body.queueDepths).toEqual({ 'chain.blocks': 3, snapshots: 0 });
  });

  test('/healthz and /readyz answer 200 on a migrated ledger', async () => {
    expect(await f.get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await f.get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  test('/ serves the dashboard with a same-origin CSP; its scripts and styles are served', async () => {
    const page = await f.get('/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(page.text).toContain('data-testid="address-input"');
    expect(page.text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    for (const [url, type] of [['/app.js', 'text/javascript'], ['/chart.js', 'text/javascript'], ['/qtum-format.js', 'text/javascript'], ['/style.css', 'text/css']]) {
      const r = await f.get(url!);
      expect([url, r.status, String(r.headers['content-type']).split(';')[0]]).toEqual([url, 200, type]);
    }
  });

  test('start() listens on a free port and stop() closes it', async () => {
    const other = createApiApp({ PPM_API_LISTEN: '127.0.0.1:0', PPM_NETWORK: 'regtest' }, { db: f.testDb.db, log: silentLogger(), registry });
    const { port, url } = await other.start();
    try {
      expect(port).toBeGreaterThan(0);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      const res = await fetch(`${url}/v1/status`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { appliedHeight: number }).appliedHeight).toBe(104);
    } finally {
      await other.stop();
    }
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

test('/readyz is 503 when the ledger does not answer', async () => {
  const down = { query: () => Promise.reject(new Error('connection refused')), exec: () => Promise.reject(new Error('connection refused')) };
  const api = createApiApp({ PPM_API_LISTEN: '127.0.0.1:0', PPM_NETWORK: 'regtest' }, { db: down, log: silentLogger(), registry: new Registry() });
  try {
    const res = await api.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    const status = await api.app.inject({ method: 'GET', url: '/v1/status' });
    expect(status.statusCode).toBe(500);
    expect(status.json()).toEqual({ error: 'internal', message: 'internal error; see the api log' });
  } finally {
    await api.stop();
  }
});
