import { SingleBar, Presets } from 'cli-progress';
import type { Logger } from '@ppm/runtime';
import type { LogSink, TextStream } from './terminal';

/** Progress of a long command: a bar on a terminal, pino lines otherwise (logs, CI). */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number, extra?: Record<string, unknown>): void;
  stop(): void;
}

/** Where a bar draws, and the log sink whose lines it must stay below. */
export interface ProgressOptions {
  tty?: boolean;
  /** Log lines written while the bar is shown go above it (see {@link LogSink}). */
  sink?: LogSink;
  stream?: TextStream & NodeJS.WritableStream;
}

/** A progress reporter suited to where stderr goes. */
export function createProgress(log: Logger, opts: ProgressOptions = {}): Progress {
  const tty = opts.tty ?? Boolean(process.stderr.isTTY);
  if (tty) {
    const bar = new SingleBar({
      format: ' {label} [{bar}] {value}/{total} {percentage}% | eta {eta}s', stream: opts.stream ?? process.stderr, hideCursor: true,
      // Redrawn whole each time, so a log line written over it never leaves half a bar behind.
      forceRedraw: true,
    }, Presets.shades_classic);
    let label = '';
    return {
      start(total, l) {
        label = l;
        bar.start(total, 0, { label });
        opts.sink?.attach(bar);
      },
      update(done) {
        bar.update(done, { label });
      },
      stop() {
        opts.sink?.detach();
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
