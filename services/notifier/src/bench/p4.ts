/**
 * Benchmark P4: notifier throughput (messages per second) with 1 and with 2 replicas, 1,000 messages each run, to a
 * local SMTP server. Each replica is its own process (as in production); Postgres and Redis are the test servers.
 *
 *   npx tsx services/notifier/src/bench/p4.ts [--messages 1000] [--latency-ms 100] [--connections 5]
 *
 * --latency-ms makes the SMTP server wait before accepting each message, like a real relay (50-300 ms): a replica's
 * throughput is then bounded by its pooled connections, which is what a second replica adds. 0 measures the notifier's
 * own CPU cost, which on a small machine is shared with Postgres, Redis and the SMTP server (no scaling to expect).
 * Env: PPM_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { migrate, openPostgres } from '@ppm/ledger';
import { openRedis } from '@ppm/queues';
import { silentLogger } from '@ppm/runtime';
import { createNotifierApp } from '../app';
import { DEFAULT_TUNING } from '../config';
import { simpleRecipients } from '../recipients/recipient';

const DB_URL = process.env.PPM_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Child process: one notifier replica until the parent says stop. */
async function replica(schema: string, prefix: string, smtpUrl: string, connections: number): Promise<void> {
  const db = await openPostgres({ url: DB_URL, schema, max: 20 });
  const redis = openRedis(REDIS_URL);
  const app = createNotifierApp(
    { smtpUrl, mailFrom: 'ppm@bench.local', recipients: simpleRecipients('ops@bench.local').map((r) => ({ ...r, blockMails: 'each' as const })), // P4 measures one mail per message
      tuning: { ...DEFAULT_TUNING, relayIntervalMs: 20, concurrency: 4 * connections, smtpConnections: connections, hourlyCron: undefined, dailyCron: undefined } },
    { db, redis, prefix, log: silentLogger() },
  );
  await app.start();
  const cpu0 = process.cpuUsage();
  process.send?.('ready');
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const cpu = process.cpuUsage(cpu0);
  process.send?.({ cpuMs: (cpu.user + cpu.system) / 1000 });
  await app.stop();
  await redis.quit();
  await db.close();
}

/** A minimal SMTP sink that counts distinct Message-IDs (parsing costs the parent CPU the replicas need). */
async function startSink(latencyMs: number) {
  const ids = new Set<string>();
  let total = 0;
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, _s, cb) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 4096) head += c.toString('utf8');
      });
      stream.on('end', () => {
        total++;
        const m = /^Message-ID:\s*(\S+)/im.exec(head);
        if (m?.[1]) ids.add(m[1]);
        if (latencyMs > 0) setTimeout(() => cb(), latencyMs);
        else cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    distinct: () => ids.size,
    total: () => total,
    reset: () => { ids.clear(); total = 0; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function run(replicas: number, messages: number, connections: number, sink: Awaited<ReturnType<typeof startSink>>): Promise<number> {
  const schema = `bench_p4_${randomBytes(4).toString('hex')}`;
  const prefix = `bench-p4-${randomBytes(4).toString('hex')}`;
  const db = await openPostgres({ url: DB_URL, schema, max: 4 });
  await migrate(db);
  sink.reset();
  const children: ChildProcess[] = [];
  for (let i = 0; i < replicas; i++) {
    const child = fork(__filename, ['replica', schema, prefix, `smtp://127.0.0.1:${sink.port}`, String(connections)], {
      // P4_CPU_PROF=<dir> writes a V8 CPU profile per replica (where does a message's CPU go?).
      execArgv: ['--import', 'tsx', ...(process.env.P4_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.P4_CPU_PROF}`] : [])],
    });
    children.push(child);
  }
  await Promise.all(children.map((c) => new Promise<void>((resolve) => c.once('message', () => resolve()))));
  const t0 = process.hrtime.bigint();
  await db.query(
    `INSERT INTO outbox (kind, severity, payload, dedupe_key)
     SELECT 'pool_reward', 'info', jsonb_build_object('height', g, 'blockHash', repeat('a', 64), 'rewardSats', '100000000',
            'poolFeeSats', '0', 'delegatesPaid', 7, 'poolWeightSats', '1000'), 'bench:' || g
       FROM generate_series(1, $1::int) g`,
    [messages],
  );
  while (sink.distinct() < messages) await new Promise((r) => setTimeout(r, 5));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await new Promise((r) => setTimeout(r, 300));
  const dupes = sink.total() - sink.distinct();
  const cpuMs = children.map((c) => new Promise<number>((resolve) => c.once('message', (m: { cpuMs: number }) => resolve(m.cpuMs))));
  for (const c of children) c.send('stop');
  const replicaCpuMs = (await Promise.all(cpuMs)).reduce((a, b) => a + b, 0);
  await Promise.all(children.map((c) => new Promise<void>((resolve) => c.once('exit', () => resolve()))));
  await db.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  const redis = openRedis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
  const rate = messages / seconds;
  process.stdout.write(`${replicas} replica${replicas > 1 ? 's' : ''}: ${messages} messages in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} msg/s, replica CPU ${(replicaCpuMs / messages).toFixed(2)} ms/msg (duplicates: ${dupes})\n`);
  return rate;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'replica') {
    await replica(process.argv[3]!, process.argv[4]!, process.argv[5]!, Number(process.argv[6]));
    return;
  }
  const messages = arg('messages', 1_000);
  const latencyMs = arg('latency-ms', 100);
  const connections = arg('connections', DEFAULT_TUNING.smtpConnections);
  const sink = await startSink(latencyMs);
  process.stdout.write(`P4 notifier throughput: ${messages} messages, SMTP accept latency ${latencyMs} ms, ${connections} SMTP connections per replica\n`);
  const one = await run(1, messages, connections, sink);
  const two = await run(2, messages, connections, sink);
  process.stdout.write(`ratio 2/1 = ${(two / one).toFixed(2)} (target >= 1.70)\n`);
  await sink.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
