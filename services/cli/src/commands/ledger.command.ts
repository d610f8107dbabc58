import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { formatQtum } from '@ppm/chain';
import { loadConfig, chainEnv } from '@ppm/config';
import { exportPoolshare, getBalances, getRewards, importPpmPoolshare, toRewardsJson } from '@ppm/ledger';
import { CliError, printJson, say } from '../output';
import type { ContextFactory } from './index';
import { heightArg } from './parse-args';

/** `ppm rewards`, `ppm balances`, `ppm import-ppm`, `ppm export-poolshare`: the ledger's read and file commands. */
export function registerLedgerCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('rewards')
    .description('applied blocks on the main chain with their shares, sorted by height (amounts in satoshis)')
    .option('--json', 'print JSON (the only format with every share)')
    .option('--from <height>', 'first height', heightArg)
    .option('--to <height>', 'last height', heightArg)
    .action(async (opts: { json?: boolean; from?: number; to?: number }) => {
      const db = await ctx().db();
      const rows = toRewardsJson(await getRewards(db, { from: opts.from, to: opts.to }));
      if (opts.json) return printJson(rows);
      for (const r of rows) {
        say(`${r.height} ${r.blockHash.slice(0, 16)}… reward ${formatQtum(BigInt(r.rewardSats))} QTUM, fee ${formatQtum(BigInt(r.poolFeeSats))}, ${r.shares.length} shares`);
      }
      say(`${rows.length} blocks`);
    });

  program
    .command('balances')
    .description('every delegate: accrued, paid, in flight and balance (satoshis), sorted by address')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const db = await ctx().db();
      const balances = await getBalances(db);
      if (opts.json) return printJson(balances);
      for (const b of balances) say(`${b.address} balance ${formatQtum(b.balanceSats)} (accrued ${formatQtum(b.accruedSats)}, paid ${formatQtum(b.paidSats)}, in flight ${formatQtum(b.inFlightSats)})`);
      say(`${balances.length} delegates`);
    });

  program
    .command('import-ppm')
    .description("seed opening balances from the original program's currentpoolshare.txt (once)")
    .argument('<file>', 'path to currentpoolshare.txt')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const c = ctx();
      const { PPM_NETWORK } = loadConfig({ PPM_NETWORK: chainEnv.PPM_NETWORK }, c.env);
      let text: string;
      try {
        // The original writes latin-1; addresses and numbers are ASCII either way.
        text = fs.readFileSync(file, 'latin1');
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
      }
      const result = await importPpmPoolshare(await c.db(), text, { network: PPM_NETWORK, source: path.resolve(file) });
      if (opts.json) return printJson(result);
      say(`imported ${result.delegates} opening balances, ${formatQtum(result.totalSats)} QTUM, from block ${result.block} (sha256 ${result.fileSha256})`);
      say(`start processing at block ${result.block + 1}: set PPM_START_HEIGHT=${result.block + 1} on an empty ledger`);
      // No block since the start height backs these balances: the signer must be told, or it refuses to pay them.
      say(`on the signer, set PPM_SIGNER_IMPORTED_SATS=${result.totalSats} (it bounds payouts by the pool's on-chain earnings since PPM_START_HEIGHT)`);
      if (result.poolBalanceGapSats !== 0n) say(`note: the file's poolbalance differs from the sum of its delegate lines by ${formatQtum(result.poolBalanceGapSats)} QTUM (the original's accounting); the ledger uses the delegate lines`);
    });

  program
    .command('export-poolshare')
    .description("write the original's per-block <height>poolshare.csv files (cumulative state after each pool block)")
    .requiredOption('--dir <dir>', 'output folder (created if missing)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { dir: string; json?: boolean }) => {
      fs.mkdirSync(opts.dir, { recursive: true });
      const result = await exportPoolshare(await ctx().db(), opts.dir);
      if (opts.json) return printJson(result);
      say(`wrote ${result.files.length} files to ${result.dir}`);
    });
}
