import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@ppm/runtime';

/** A logger whose JSON lines are kept for assertions (level debug). */
export interface LogCapture {
  readonly log: Logger;
  /** Every line so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Every line so far, raw text joined (to prove a secret never appears). */
  text(): string;
}

/** Creates a {@link LogCapture}. */
export function captureLogs(name = 'test'): LogCapture {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return {
    log: createLogger({ name, level: 'debug', destination }),
    lines: () => chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => chunks.join(''),
  };
}
