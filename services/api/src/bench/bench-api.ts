/**
 * The API benchmark (issue 11): a 5,000-delegate ledger on Postgres, the api in its own process, the load
 * generator in another. Measures /v1/status and one page of /v1/delegates under 50 concurrent clients, the
 * reply sizes of the lists, and that the per-client rate limit answers 429 with Retry-After.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { migrate, openPostgres } from '@ppm/ledger';
import { seedCrowd } from './seed-crowd';

/** What the benchmark measured. */
export interface ApiBenchFigures {
  delegates: number;
  entries: number;
  seedMs: number;
  /** First /v1/status after start: the one whole-ledger aggregation. */
  coldStatusMs: number;
  /** 50 clients offering `rate` requests per second together (latency from the scheduled send time). */
  rate: number;
  status: LoadFigures;
  delegatesPage: LoadFigures;
  /** The same clients sending back to back: the most the api serves here. */
  statusSaturated: LoadFigures;
  /** /healthz under the same offered load: what the machine and the harness cost without the ledger. */
  floor: LoadFigures;
  delegatesPageSaturated: LoadFigures;
  /** Reply sizes of lists at their largest page. */
  bytes: Record<string, number>;
  rateLimited: { sent: number; status429: number; retryAfter: string | null };
}

/** One load run's figures (see load.ts). */
export interface LoadFigures {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  bytesPerReply: number;
  statuses: Record<string, number>;
}

const HERE = __dirname;
// PPM_BENCH_API_PROFILE=<dir>: the api server writes a V8 CPU profile there when it stops (what bounds it).
const tsx = (file: string, args: string[], env: Record<string, string>, nodeArgs: string[] = []): ChildProcess =>
  spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(HERE, file), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

function lineOf(child: ChildProcess, prefix: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no ${prefix} line within ${timeoutMs} ms: ${err.slice(-2000)}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      if (line) {
        clearTimeout(timer);
        resolve(line.slice(prefix.length).trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${prefix} process exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

async function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const profile = process.env.PPM_BENCH_API_PROFILE;
  const child = tsx('api-server.ts', [], env, profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []);
  return { url: await lineOf(child, 'LISTENING ', 120_000), child };
}

async function load(url: string, concurrency: number, seconds: number, rate?: number): Promise<LoadFigures> {
  const child = tsx('load.ts', [url, String(concurrency), String(seconds), ...(rate ? [String(rate)] : [])], {});
  return JSON.parse(await lineOf(child, 'LOAD_RESULT ', (seconds + 60) * 1000)) as LoadFigures;
}

/** Runs the benchmark on the Postgres at `databaseUrl` (a schema of its own, dropped afterwards). */
export async function benchApi(
  databaseUrl: string, opts: { delegates?: number; blocks?: number; concurrency?: number; seconds?: number; rate?: number } = {},
): Promise<ApiBenchFigures> {
  const delegates = opts.delegates ?? 5_000;
  const rate = opts.rate ?? 600;
  const concurrency = opts.concurrency ?? 50;
  const seconds = opts.seconds ?? 10;
  const schema = `bench_api_${process.pid}`;
  const db = await openPostgres({ url: databaseUrl, schema, max: 2 });
  const children: ChildProcess[] = [];
  try {
    await migrate(db);
    const seedStarted = performance.now();
    const { entries } = await seedCrowd(db, { delegates, blocks: opts.blocks ?? 2_000 });
    const seedMs = Math.round(performance.now() - seedStarted);
    const env = { PPM_BENCH_DATABASE_URL: databaseUrl, PPM_BENCH_SCHEMA: schema, PPM_LOG_LEVEL: 'warn' };

    const open = await startServer({ ...env, PPM_API_RATE_LIMIT: '0' });
    children.push(open.child);
    const coldStarted = performance.now();
    const cold = await fetch(`${open.url}/v1/status`);
    if (cold.status !== 200) throw new Error(`/v1/status answered ${cold.status}: ${await cold.text()}`);
    await cold.arrayBuffer();
    const coldStatusMs = Math.round(performance.now() - coldStarted);

    const bytes: Record<string, number> = {};
    for (const route of ['/v1/delegates', '/v1/delegates?limit=500', '/v1/rewards?limit=1000', '/v1/rewards?limit=1000&sharesLimit=1000', '/v1/payouts?limit=500&outputsLimit=1000']) {
      const r = await fetch(`${open.url}${route}`);
      if (r.status !== 200) throw new Error(`${route} answered ${r.status}: ${await r.text()}`);
      bytes[route] = (await r.arrayBuffer()).byteLength;
    }
    // Warm-up (JIT, connection pools), then the measured runs; /healthz (no ledger) is the floor of this machine.
    await load(`${open.url}/v1/status`, concurrency, 3, rate);
    await load(`${open.url}/v1/delegates`, concurrency, 3, rate);
    const floor = await load(`${open.url}/healthz`, concurrency, seconds, rate);
    const status = await load(`${open.url}/v1/status`, concurrency, seconds, rate);
    const delegatesPage = await load(`${open.url}/v1/delegates`, concurrency, seconds, rate);
    const statusSaturated = await load(`${open.url}/v1/status`, concurrency, seconds);
    const delegatesPageSaturated = await load(`${open.url}/v1/delegates`, concurrency, seconds);

    const limited = await startServer({ ...env, PPM_API_RATE_LIMIT: '20', PPM_API_RATE_BURST: '60' });
    children.push(limited.child);
    const sent = 200;
    const replies = await Promise.all(Array.from({ length: sent }, () => fetch(`${limited.url}/v1/status`).then(async (r) => {
      await r.arrayBuffer();
      return { status: r.status, retryAfter: r.headers.get('retry-after') };
    })));
    const refused = replies.filter((r) => r.status === 429);
    return {
      delegates, entries, seedMs, coldStatusMs, rate, floor, status, delegatesPage, statusSaturated, delegatesPageSaturated, bytes,
      rateLimited: { sent, status429: refused.length, retryAfter: refused[0]?.retryAfter ?? null },
    };
  } finally {
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    })));
    await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.close();
  }
}
