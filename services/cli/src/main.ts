#!/usr/bin/env node
import { followParent, heapFlag, relaunch } from './heap-limit';

/**
 * The `ppm` command: the operator's tool and the single-process mode. Before any command runs, every variable of
 * the environment contract that is set is validated (every problem listed at once); each command then requires
 * only what it needs. Exit codes: 0 ok, 1 permanent fault, 2 bad command line,
 * 75 retryable fault.
 *
 * Without a heap limit of the user's, it first relaunches itself with one (./heap-limit.ts): nothing else is
 * loaded in this process then, which only waits for the child.
 */
async function main(argv: string[]): Promise<number> {
  const flag = heapFlag(process.env, process.execArgv);
  if (flag) return relaunch(flag);
  followParent();
  const { createCliContext } = await import('./context.js');
  const { createProgram, exitCodeOf } = await import('./program.js');
  let context: ReturnType<typeof createCliContext> | undefined;
  const ctx = (longRunning = false) => (context ??= createCliContext({ longRunning }));
  const program = createProgram(ctx);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    return exitCodeOf(err, (text) => process.stderr.write(text));
  } finally {
    await context?.shutdown.run();
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
