import type { Logger } from 'pino';

/** A step of shutdown: stop intake, drain, or close a client. */
export type ShutdownStep = () => Promise<void> | void;

/**
 * The shutdown registry: each part registers its stop step as it starts; `run` stops them in reverse order
 * (intake first, then in-flight work, then clients), once, logging and continuing past a failing step.
 */
export interface Shutdown {
  add(name: string, step: ShutdownStep): void;
  run(): Promise<void>;
  readonly stopping: boolean;
}

/** Creates a {@link Shutdown} registry. */
export function createShutdown(log?: Logger): Shutdown {
  const steps: { name: string; step: ShutdownStep }[] = [];
  let running: Promise<void> | undefined;
  return {
    add(name, step) {
      steps.push({ name, step });
    },
    get stopping() {
      return running !== undefined;
    },
    run() {
      running ??= (async () => {
        for (const { name, step } of [...steps].reverse()) {
          try {
            await step();
            log?.debug({ step: name }, 'stopped');
          } catch (err) {
            log?.error({ err, step: name }, 'shutdown step failed');
          }
        }
      })();
      return running;
    },
  };
}
