/**
 * The API benchmark's load generator (its own process): `concurrency` clients, each with one keep-alive
 * connection, send GETs for `seconds`, then it prints one JSON line: requests, req/s, latency percentiles
 * (ms), reply bytes, and status counts. Args: <url> <concurrency> <seconds> [rate].
 *
 * Without `rate` the clients send back to back (saturation: the latency is then mostly queueing, concurrency
 * divided by throughput). With `rate` the clients together offer `rate` requests per second on a fixed
 * schedule, and each latency counts from the request's scheduled time, so a stall that delays later requests
 * is counted in full (no coordinated omission).
 */
import http from 'node:http';

interface LoadResult {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  bytesPerReply: number;
  statuses: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(url: string, concurrency: number, seconds: number, rate: number | undefined): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  const end = performance.now() + seconds * 1000;
  const one = (t0: number) => new Promise<void>((resolve) => {
    const req = http.get(url, { agent }, (res) => {
      res.on('data', (chunk: Buffer) => { bytes += chunk.length; });
      res.on('end', () => {
        latencies.push(performance.now() - t0);
        statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
        resolve();
      });
    });
    req.on('error', () => {
      statuses.error = (statuses.error ?? 0) + 1;
      resolve();
    });
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, client) => {
    for (let k = 0; ; k++) {
      const due = rate ? started + ((k * concurrency + client) / rate) * 1000 : performance.now();
      if (due >= end) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await one(due);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    reqPerSec: Math.round(latencies.length / elapsed),
    p50Ms: Math.round(percentile(sorted, 50) * 10) / 10,
    p99Ms: Math.round(percentile(sorted, 99) * 10) / 10,
    maxMs: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10,
    bytesPerReply: latencies.length === 0 ? 0 : Math.round(bytes / latencies.length),
    statuses,
  };
}

const [url, concurrency, seconds, rate] = process.argv.slice(2);
if (!url) throw new Error('usage: load.ts <url> <concurrency> <seconds> [rate]');
void run(url, Number(concurrency ?? 50), Number(seconds ?? 10), rate ? Number(rate) : undefined).then((r) => {
  process.stdout.write(`LOAD_RESULT ${JSON.stringify(r)}\n`);
});
