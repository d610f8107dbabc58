import { createLogger } from '@ppm/runtime';
import { createServiceContext, type ServiceContext } from '@ppm/service-host';
import { stderrLogSink, type LogSink } from './terminal';

/**
 * A command's resources: the same host context the services use (ledger opened on first use and checked to be migrated,
 * Redis, qtumd clients, one shutdown registry), with the CLI's logger. Logs go to stderr (stdout carries only the
 * command's output, e.g. JSON), at PPM_LOG_LEVEL (default warn for one-shot commands, info for long-running ones):
 * rendered for humans on a terminal, JSON lines otherwise.
 */
export type CliContext = ServiceContext & { readonly logSink: LogSink };

/** Creates the CLI's context (throws ConfigError listing every problem of the settings that are set). */
export function createCliContext(opts: { env?: Record<string, string | undefined>; longRunning?: boolean; sink?: LogSink } = {}): CliContext {
  const env = opts.env ?? process.env;
  const logSink = opts.sink ?? stderrLogSink();
  const log = createLogger({ name: 'ppm', level: env.PPM_LOG_LEVEL ?? (opts.longRunning ? 'info' : 'warn'), destination: logSink });
  return Object.assign(createServiceContext('ppm', env, log), { logSink });
}
