#!/usr/bin/env node
import { Command } from 'commander';
import { checkSetEnv } from '@ppm/config';
import { ConfigError, errorMessage, EXIT_PERMANENT, EXIT_RETRYABLE, isRetryable } from '@ppm/runtime';
import { createCliContext, type CliContext } from './context';
import { CliError } from './output';
import { registerCommands } from './commands';
import { cliVersion } from './version';

/**
 * The `ppm` command: the operator's tool and the single-process mode. Before any command runs, every variable of
 * the environment contract that is set is validated (every problem listed at once); each command then requires
 * only what it needs. Exit codes: 0 ok, 1 permanent fault (or unhealthy, `status`), 75 retryable fault.
 */
async function main(argv: string[]): Promise<number> {
  let context: CliContext | undefined;
  const ctx = (longRunning = false) => (context ??= createCliContext({ longRunning }));
  const program = new Command('ppm')
    .description('Pool Payout Manager: exact, auditable payouts for a Qtum super-staker pool')
    .version(cliVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', () => checkSetEnv(process.env));
  registerCommands(program, ctx);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return EXIT_PERMANENT;
    if (err instanceof ConfigError || err instanceof CliError) process.stderr.write(`ppm: ${err.message}\n`);
    else process.stderr.write(`ppm: ${errorMessage(err)}\n`);
    if (err instanceof CliError) return err.exitCode;
    return isRetryable(err) ? EXIT_RETRYABLE : EXIT_PERMANENT;
  } finally {
    await context?.shutdown.run();
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
