import type { Command } from 'commander';

/**
 * The help's groups, in the order shown, and the top-level commands of each. A new command is added to one
 * group here (a test fails for a command in none).
 */
export const COMMAND_GROUPS: ReadonlyArray<{ heading: string; commands: readonly string[] }> = [
  { heading: 'Pipeline (chain → snapshots → ledger):', commands: ['sync', 'replay', 'reorg'] },
  { heading: 'Payouts:', commands: ['payout', 'payouts', 'keys', 'rules', 'verify'] },
  { heading: 'Ledger:', commands: ['rewards', 'balances', 'delegates', 'import-ppm', 'export-poolshare', 'export-log', 'report'] },
  { heading: 'Operations:', commands: ['status', 'notify', 'migrate', 'db', 'certs'] },
  { heading: 'Services (run until SIGINT/SIGTERM):', commands: ['run', 'chain-watcher', 'snapshotter', 'accrual', 'signer', 'notifier', 'api'] },
];

/** Worked examples at the end of `ppm --help`. */
export const EXAMPLES = `
Examples:
  ppm sync                          apply every confirmed block, with a progress bar on a terminal
  ppm sync --to-height 5000 --json  apply up to height 5000, print the result as JSON
  ppm rewards --from 4900 --json    pool blocks from 4900 with every delegate's share (satoshis)
  ppm payout plan                   what the next payout would pay (changes nothing)
  ppm payout approve <hash>         release exactly that plan (signed with PPM_OPERATOR_KEY_FILE)
  ppm verify payout <txid> <addr>   check a payout's Merkle proof against the node
  ppm status --check                exit 1 when the node is unreachable, the ledger lags or stalls, or mail fails
  ppm run                           every service in one process

Each command: ppm <command> --help. Settings: environment variables (README.md, Configuration).
Exit codes: 0 ok, 1 permanent fault or unhealthy, 2 bad command line, 75 retryable fault (node or database unreachable).`;

/** Puts each top-level command under its group's heading and orders the help by group. */
export function groupCommands(program: Command): void {
  const order = new Map<string, number>();
  for (const [i, g] of COMMAND_GROUPS.entries()) {
    for (const [j, name] of g.commands.entries()) order.set(name, i * 1_000 + j);
  }
  for (const cmd of program.commands) {
    const i = order.get(cmd.name());
    if (i !== undefined) cmd.helpGroup(COMMAND_GROUPS[Math.floor(i / 1_000)]!.heading);
  }
  // Commander lists groups in the order their first command was registered, and commands in registration order:
  // sort once by group, then by the order listed above (a command in no group goes last).
  const rank = (c: Command) => order.get(c.name()) ?? Number.MAX_SAFE_INTEGER;
  (program.commands as Command[]).sort((a, b) => rank(a) - rank(b));
  program.addHelpText('after', EXAMPLES);
}
