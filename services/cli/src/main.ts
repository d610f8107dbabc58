#!/usr/bin/env node
import { createCliContext, type CliContext } from './context';
import { createProgram, exitCodeOf } from './program';

/**
 * The `ppm` command: the operator's tool and the single-process mode. Before any command runs, every variable of
 * the environment contract that is set is validated (every problem listed at once); each command then requires
 * only what it needs. Exit codes: 0 ok, 1 permanent fault, 2 bad command line,
 * 75 retryable fault.
 */
async function main(argv: string[]): Promise<number> {
  let context: CliContext | undefined;
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
