import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Paths that must never reach a log line, whatever object a caller passes. */
const REDACT_PATHS = [
  'passphrase', '*.passphrase', 'password', '*.password', 'smtpUrl', '*.smtpUrl', 'authorization',
  '*.authorization', 'headers.authorization', 'rpcPassword', '*.rpcPassword', 'key', '*.key',
];

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  name: string;
  level?: string;
  /** Write to this destination instead of stdout (tests, the CLI's stderr). */
  destination?: pino.DestinationStream;
}

/**
 * The one logger of a process, made in `main`. Services take child loggers from it
 * (`log.child({ job: 'snapshot', height })`). JSON lines, secrets redacted, units in key names.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    name: opts.name,
    level: opts.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/** A logger that discards everything (tests that do not inspect logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
