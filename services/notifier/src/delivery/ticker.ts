import type { Logger } from '@ppm/runtime';

/** A periodic task that never overlaps itself and logs (never throws) its failures. */
export interface Ticker {
  /** Stops the timer and waits for a running pass. */
  stop(): Promise<void>;
}

/** Runs `fn` every `intervalMs` after the previous run finished. */
export function createTicker(name: string, intervalMs: number, fn: () => Promise<unknown>, log: Logger): Ticker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = fn()
        .then(() => undefined, (err: unknown) => log.warn({ err, task: name }, 'periodic task failed; will run again'))
        .finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
