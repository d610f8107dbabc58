import { Command, type OutputConfiguration } from 'commander';
import { checkSetEnv } from '@ppm/config';
import { ConfigError, errorMessage, EXIT_PERMANENT, EXIT_RETRYABLE, isRetryable } from '@ppm/runtime';
import { registerCommands, type ContextFactory } from './commands';
import { CliError } from './output';
import { cliVersion } from './version';

/** Exit code of a command line that does not parse (unknown command or option, bad or missing argument). */
export const EXIT_USAGE = 2;

/**
 * The `ppm` program: every command registered, commander's errors thrown (not exiting) so the caller decides.
 * `output` redirects commander's help and error text (tests); set before the commands so they inherit it.
 */
export function createProgram(ctx: ContextFactory, output?: OutputConfiguration): Command {
  const program = new Command('ppm')
    .description('Pool Payout Manager: exact, auditable payouts for a Qtum super-staker pool')
    .version(cliVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride()
    // Every set variable of the contract, before any command runs (help and --version run no action).
    .hook('preAction', () => checkSetEnv(process.env));
  if (output) program.configureOutput(output);
  registerCommands(program, ctx);
  return program;
}

/**
 * The exit code for what a command threw, after telling the user on stderr: 0 for help, 2 for a command line
 * commander refused (it already printed why and the help), 1 for a permanent fault, 75 for a retryable one.
 * Never a stack trace: the message says what to fix.
 */
export function exitCodeOf(err: unknown, stderr: (text: string) => void): number {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
  if (typeof code === 'string' && code.startsWith('commander.')) return EXIT_USAGE;
  if (err instanceof ConfigError || err instanceof CliError) stderr(`ppm: ${err.message}\n`);
  else stderr(`ppm: ${errorMessage(err)}\n`);
  if (err instanceof CliError) return err.exitCode;
  return isRetryable(err) ? EXIT_RETRYABLE : EXIT_PERMANENT;
}
