import { ConfigError, EXIT_OK, EXIT_PERMANENT, EXIT_RETRYABLE, errorMessage, isRetryable, startOpsServer } from '@ppm/runtime';
import { createServiceContext, type ServiceContext } from './context';

/** A started service: how to stop it, and optionally whether it is ready and how it reloads on SIGHUP. */
export interface Hosted {
  stop(): Promise<void>;
  ready?(): Promise<boolean> | boolean;
  /**
   * SIGHUP: re-read what the service may change without a restart (the delegate rules). A bad file keeps the old
   * settings and alerts by itself; a throw is logged and the process keeps running.
   */
  reload?(): Promise<void>;
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
 * on SIGINT/SIGTERM stops intake, waits for in-flight work and closes clients in reverse order; on SIGHUP calls
 * every started part's `reload` (one at a time; the process never exits on SIGHUP). Resolves with
 * the exit code: 0 clean, 1 permanent fault (bad config...), 75 retryable fault (a dependency is down).
 */
export async function runService(opts: RunServiceOptions): Promise<number> {
  // Listen for signals before anything slow (opening PGlite takes seconds): a SIGTERM during start-up then
  // stops cleanly right after start instead of killing the process mid-migration.
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
  let ctx: ServiceContext | undefined;
  let parts: Hosted[] = [];
  let reloading = Promise.resolve();
  // Node's default for SIGHUP is to exit: a handler from the start keeps a reload from killing the process.
  const onHup = () => {
    reloading = reloading.then(async () => {
      if (parts.length === 0) ctx?.log.warn('SIGHUP before the services started: nothing reloaded');
      for (const p of parts) {
        try {
          await p.reload?.();
        } catch (err) {
          ctx?.log.error({ err }, `${opts.name}: reload failed: ${errorMessage(err)}`);
        }
      }
    });
  };
  process.on('SIGHUP', onHup);
  try {
    ctx = createServiceContext(opts.name, opts.env);
    const c = ctx;
    const started = await opts.start(c);
    parts = Array.isArray(started) ? started : [started];
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
    process.off('SIGHUP', onHup);
    await reloading;
    await c.shutdown.run();
    return EXIT_OK;
  } catch (err) {
    process.off('SIGHUP', onHup);
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
