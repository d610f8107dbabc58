import type { Command } from 'commander';
import { chainEnv, loadConfig } from '@ppm/config';
import { snapshotterEnv } from '@ppm/snapshotter';
import { CliError, printJson, say } from '../output';
import { createProgress } from '../progress';
import { replayRange } from '../replay';
import type { ContextFactory } from './index';
import { heightArg } from './parse-args';

/** `ppm replay --from H1 --to H2`: recompute a range from the chain and compare with the ledger; exit 1 on any difference. */
export function registerReplay(program: Command, ctx: ContextFactory): void {
  program
    .command('replay')
    .description('recompute blocks from the chain (classification, reward, weights as of H, shares) and compare with the ledger')
    .requiredOption('--from <height>', 'first height', heightArg)
    .requiredOption('--to <height>', 'last height', heightArg)
    .option('--json', 'print the differences as JSON')
    .action(async (opts: { from: number; to: number; json?: boolean }) => {
      if (opts.to < opts.from) throw new CliError('--to must be >= --from');
      const c = ctx(true);
      const config = loadConfig({ ...snapshotterEnv, PPM_POOL_FEE_BPS: chainEnv.PPM_POOL_FEE_BPS }, c.env);
      const rpc = c.rpc(config);
      const diffs = await replayRange(await c.db(), rpc, config, { from: opts.from, to: opts.to, poolFeeBps: config.PPM_POOL_FEE_BPS, progress: createProgress(c.log, { sink: c.logSink }) }, c.log);
      if (opts.json) printJson({ from: opts.from, to: opts.to, differences: diffs });
      else {
        for (const d of diffs) say(`${d.height} ${d.what}: ledger ${d.ledger}, recomputed ${d.recomputed}`);
        say(diffs.length === 0 ? `replayed ${opts.from}..${opts.to}: the ledger matches the chain` : `${diffs.length} differences`);
      }
      if (diffs.length > 0) throw new CliError(`replay found ${diffs.length} differences between the chain and the ledger`, 1);
    });
}
