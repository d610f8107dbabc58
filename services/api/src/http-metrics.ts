import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The api's request metrics, registered once per registry (a shared registry may see several apps). */
export interface HttpMetrics {
  observe(method: string, route: string, statusCode: number, seconds: number): void;
}

function single<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Creates (or reuses) `ppm_api_requests_total` and `ppm_api_request_duration_seconds` on `registry`. */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const requests = single(registry, 'ppm_api_requests_total', () => new Counter({
    name: 'ppm_api_requests_total', help: 'HTTP requests answered by the api', labelNames: ['method', 'route', 'status_code'], registers: [registry],
  }));
  const duration = single(registry, 'ppm_api_request_duration_seconds', () => new Histogram({
    name: 'ppm_api_request_duration_seconds', help: 'Time to answer an api request', labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  }));
  return {
    observe(method, route, statusCode, seconds) {
      requests.inc({ method, route, status_code: String(statusCode) });
      duration.observe({ method, route }, seconds);
    },
  };
}

/** Exposes queue depths as `ppm_api_queue_jobs{queue}`, read at scrape time. */
export function registerQueueDepthGauge(registry: Registry, depths: () => Promise<Record<string, number>>): void {
  if (registry.getSingleMetric('ppm_api_queue_jobs')) return;
  new Gauge({
    name: 'ppm_api_queue_jobs', help: 'Waiting jobs per queue, as seen by the api', labelNames: ['queue'], registers: [registry],
    async collect() {
      this.reset();
      for (const [queue, n] of Object.entries(await depths())) this.set({ queue }, n);
    },
  });
}
