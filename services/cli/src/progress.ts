import { SingleBar, Presets } from 'cli-progress';
import type { Logger } from '@ppm/runtime';

/** Progress of a long command: a bar on a terminal, pino lines otherwise (logs, CI). */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number, extra?: Record<string, unknown>): void;
  stop(): void;
}

/** A progress reporter suited to where stderr goes. */
export function createProgress(log: Logger, opts: { tty?: boolean } = {}): Progress {
  const tty = opts.tty ?? Boolean(process.stderr.isTTY);
  if (tty) {
    const bar = new SingleBar({ format: ' {label} [{bar}] {value}/{total} {percentage}% | eta {eta}s', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
    let label = '';
    return {
      start(total, l) {
        label = l;
        bar.start(total, 0, { label });
      },
      update(done) {
        bar.update(done, { label });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let total = 0;
  let label = '';
  let lastLogged = 0;
  return {
    start(t, l) {
      total = t;
      label = l;
      log.info({ total }, `${label}: started`);
    },
    update(done, extra) {
      const now = Date.now();
      if (now - lastLogged < 2_000 && done < total) return;
      lastLogged = now;
      log.info({ done, total, ...extra }, `${label}: progress`);
    },
    stop() {
      log.info({ total }, `${label}: done`);
    },
  };
}
