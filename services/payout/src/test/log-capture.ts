import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@ppm/runtime';

/** A logger whose JSON lines are kept for assertions (level debug). */
export function captureLogs(): { log: Logger; lines(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return {
    log: createLogger({ name: 'payout-test', level: 'debug', destination }),
    lines: () => chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
