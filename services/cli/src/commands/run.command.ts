import type { Command } from 'commander';
import { runService } from '@ppm/service-host';
import { startAll } from '../compose';
import { CliError } from '../output';

/** `ppm run`: every service in one process (single machine, the demo). Stops gracefully on SIGTERM. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run every service in one process (the signer too when PPM_SIGNER_URL is unset); PGlite when DATABASE_URL is unset')
    .action(async () => {
      const code = await runService({ name: 'ppm', start: async (ctx) => (await startAll(ctx)).hosted });
      if (code !== 0) throw new CliError(`ppm run stopped (exit ${code})`, code);
    });
}
