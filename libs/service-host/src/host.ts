import { ConfigError, EXIT_OK, EXIT_PERMANENT, EXIT_RETRYABLE, errorMessage, isRetryable, startOpsServer } from '@ppm/runtime';
import { createServiceContext, type ServiceContext } from './context';

/** A started service: how to stop it, and optionally whether it is ready. */
export interface Hosted {
  stop(): Promise<void>;
  ready?(): Promise<boolean> | boolean;
}

/** Options of {@link runService}. */
export interface RunServiceOptions {
  /** Process name in logs. */
  name: string;
  env?: Record<string, string | undefined>;
  /** Loads the service's own config (throw ConfigError) and starts it on the shared clients. */
  start(ctx: ServiceContext): Promise<Hosted | Hosted[]>;
}

function parseListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  return { host: listen.slice(0, i), port: Number(listen.slice(i + 1)) };
}

/**
 * Runs one service as a process: starts it, serves `/metrics`, `/healthz` and `/readyz` on PPM_OPS_LISTEN, and
 * on SIGINT/SIGTERM stops intake, waits for in-flight work and closes clients in reverse order. Resolves with
 * the exit code: 0 clean, 1 permanent fault (bad config...), 75 retryable fault (a dependency is down).
 */
export async function runService(opts: RunServiceOptions): Promise<number> {
  // Listen for signals before anything slow (opening PGlite takes seconds): a SIGTERM during start-up then
  // stops cleanly right after start instead of killing the process mid-migration.
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
  let ctx: ServiceContext | undefined;
  try {
    ctx = createServiceContext(opts.name, opts.env);
    const c = ctx;
    const started = await opts.start(c);
    const parts = Array.isArray(started) ? started : [started];
    for (const p of parts) c.shutdown.add(opts.name, () => p.stop());
    await c.registerLedgerMetrics();
    const { host, port } = parseListen(c.config.PPM_OPS_LISTEN);
    const ops = await startOpsServer({
      host, port, registry: c.registry,
      ready: async () => {
        try {
          const db = c.openedDb();
          if (db) await (await db).query('SELECT 1');
          for (const p of parts) if (p.ready && !(await p.ready())) return false;
          return true;
        } catch {
          return false;
        }
      },
    });
    c.shutdown.add('ops server', () => ops.close());
    c.log.info({ opsPort: ops.port }, `${opts.name} started (/metrics /healthz /readyz on ${host}:${ops.port})`);
    const signal = await stopRequested;
    c.log.info({ signal }, `${opts.name} stopping`);
    await c.shutdown.run();
    return EXIT_OK;
  } catch (err) {
    const message = err instanceof ConfigError ? err.message : errorMessage(err);
    if (ctx) ctx.log.error({ err }, `${opts.name} failed: ${message}`);
    process.stderr.write(`${opts.name}: ${message}\n`);
    await ctx?.shutdown.run();
    return isRetryable(err) ? EXIT_RETRYABLE : EXIT_PERMANENT;
  }
}

/** `main.ts` of a service: run it and exit with its code. */
export function runServiceMain(opts: RunServiceOptions): void {
  void runService(opts).then((code) => process.exit(code));
}
