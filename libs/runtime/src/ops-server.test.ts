import { Counter } from 'prom-client';
import { createMetricsRegistry, startOpsServer, type OpsServer } from './ops-server';

async function get(port: number, path: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('startOpsServer', () => {
  let ready = true;
  let server: OpsServer;
  const registry = createMetricsRegistry();
  const counter = new Counter({ name: 'ppm_test_things_total', help: 'things counted by the test', registers: [registry] });

  beforeAll(async () => {
    server = await startOpsServer({ port: 0, registry, ready: () => Promise.resolve(ready) });
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on a picked port', () => {
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves Prometheus text on /metrics with registered metrics', async () => {
    counter.inc(3);
    const res = await get(server.port, '/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    expect(res.body).toContain('# TYPE ppm_test_things_total counter');
    expect(res.body).toMatch(/^ppm_test_things_total 3$/m);
    // the default process metrics carry the prefix
    expect(res.body).toContain('ppm_process_cpu_user_seconds_total');
  });

  it('answers /healthz with 200', async () => {
    const res = await get(server.port, '/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it('answers /readyz from the ready callback', async () => {
    ready = true;
    expect((await get(server.port, '/readyz')).status).toBe(200);
    ready = false;
    const res = await get(server.port, '/readyz');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ status: 'not ready' });
  });

  it('answers 404 for an unknown path', async () => {
    expect((await get(server.port, '/nope')).status).toBe(404);
  });

  it('answers 500 when the ready callback throws, and is ready without one', async () => {
    const other = await startOpsServer({ port: 0, registry: createMetricsRegistry(), ready: () => { throw new Error('db down'); } });
    const plain = await startOpsServer({ host: '127.0.0.1', port: 0, registry: createMetricsRegistry() });
    try {
      expect((await get(other.port, '/readyz')).status).toBe(500);
      expect((await get(plain.port, '/readyz')).status).toBe(200);
    } finally {
      await other.close();
      await plain.close();
    }
  });
});
