import type { Command } from 'commander';
import { acceptReorgGate, ReorgAcceptError } from '@ppm/ledger';
import { CliError, printJson, say } from '../output';
import type { ContextFactory } from './index';

/**
 * `ppm reorg accept <fork hash>`: confirms the deep reorg `ppm status` shows (deeper than PPM_MAX_REORG_DEPTH,
 * held by the chain-watcher). The hash must be its fork point; the watcher then acts on it as on a shallow
 * reorg at its next poll: blocks above the fork point leave the main chain and their entries are reversed.
 */
export function registerReorg(program: Command, ctx: ContextFactory): void {
  const reorg = program.command('reorg').description('deep reorgs held for the operator (see `ppm status`)');
  reorg
    .command('accept')
    .description('confirm the held deep reorg whose fork point is <hash> (the hash `ppm status` shows)')
    .argument('<hash>', 'block hash of the fork point')
    .option('--json', 'print the accepted reorg as JSON')
    .action(async (hash: string, opts: { json?: boolean }) => {
      if (!/^[0-9a-fA-F]{64}$/.test(hash)) throw new CliError(`<hash> must be a 64-hex block hash, got ${JSON.stringify(hash)}`);
      const c = ctx();
      try {
        const gate = await acceptReorgGate(await c.db(), hash, Date.now());
        if (opts.json) return printJson(gate);
        say(`accepted: the reorg from fork point ${gate.forkHeight} ${gate.forkHash} (${gate.depth} ledger blocks leave the main chain); ` +
          'the chain-watcher reverses them and follows the node\'s chain at its next poll');
      } catch (err) {
        if (err instanceof ReorgAcceptError) throw new CliError(err.message);
        throw err;
      }
    });
}
