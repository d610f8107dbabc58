import type { Command } from 'commander';
import { formatQtum } from '@ppm/chain';
import { exportDailyLog } from '../export-log';
import { printJson, say } from '../output';
import type { ContextFactory } from './index';

/** `ppm delegates --json`, `ppm export-log --dir D`. */
export function registerDelegateCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('delegates')
    .description('every delegate the ledger knows: weight and fee at the last applied pool block, and balances')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const db = await ctx().db();
      const r = await db.query<{ address: string; weight_sats: string | null; fee: number | null; accrued_sats: string; paid_sats: string; in_flight_sats: string }>(
        `WITH last AS (
           SELECT s.block_hash FROM snapshots s JOIN blocks b ON b.hash = s.block_hash
            WHERE b.on_main_chain AND b.status = 'applied' ORDER BY b.height DESC LIMIT 1)
         SELECT coalesce(d.address, w.address) AS address, w.weight_sats::text, w.fee,
                coalesce(d.accrued_sats, 0)::text AS accrued_sats, coalesce(d.paid_sats, 0)::text AS paid_sats,
                coalesce(d.in_flight_sats, 0)::text AS in_flight_sats
           FROM delegate_balances d
           FULL JOIN (SELECT sw.* FROM snapshot_weights sw JOIN last ON last.block_hash = sw.block_hash) w ON w.address = d.address`,
      );
      const rows = r.rows
        .map((x) => {
          const accrued = BigInt(x.accrued_sats);
          const paid = BigInt(x.paid_sats);
          const inFlight = BigInt(x.in_flight_sats);
          return {
            address: x.address,
            delegated: x.weight_sats !== null,
            fee: x.fee,
            weightSats: BigInt(x.weight_sats ?? '0'),
            accruedSats: accrued, paidSats: paid, inFlightSats: inFlight, balanceSats: accrued - inFlight - paid,
          };
        })
        .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
      if (opts.json) return printJson(rows);
      for (const d of rows) say(`${d.address} ${d.delegated ? `weight ${formatQtum(d.weightSats)}` : 'not in the last snapshot'} balance ${formatQtum(d.balanceSats)}`);
      say(`${rows.length} delegates`);
    });

  program
    .command('export-log')
    .description("write the original program's daily CSV log files (PPM_Log_YYYY_MM_DD.csv) from the ledger")
    .requiredOption('--dir <dir>', 'output folder (created if missing)')
    .option('--json', 'print the files as JSON')
    .action(async (opts: { dir: string; json?: boolean }) => {
      const files = await exportDailyLog(await ctx().db(), opts.dir, '0.1.0');
      if (opts.json) return printJson({ files });
      say(`wrote ${files.length} daily log files to ${opts.dir}`);
    });
}
