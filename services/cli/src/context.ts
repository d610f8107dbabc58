import pino from 'pino';
import { createLogger } from '@ppm/runtime';
import { createServiceContext, type ServiceContext } from '@ppm/service-host';

/**
 * A command's resources: the same host context the services use (ledger opened on first use and checked to be migrated,
 * Redis, qtumd clients, one shutdown registry), with the CLI's logger. Logs go to stderr (stdout carries only the
 * command's output, e.g. JSON), at PPM_LOG_LEVEL (default warn for one-shot commands, info for long-running ones).
 */
export type CliContext = ServiceContext;

/** Creates the CLI's context (throws ConfigError listing every problem of the host settings). */
export function createCliContext(opts: { env?: Record<string, string | undefined>; longRunning?: boolean } = {}): CliContext {
  const env = opts.env ?? process.env;
  const log = createLogger({ name: 'ppm', level: env.PPM_LOG_LEVEL ?? (opts.longRunning ? 'info' : 'warn'), destination: pino.destination(2) });
  return createServiceContext('ppm', env, log);
}
