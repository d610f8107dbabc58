import fs from 'node:fs';
import type { Command } from 'commander';
import { AddressError, decodeAddress, formatQtum } from '@ppm/chain';
import { loadConfig, chainEnv } from '@ppm/config';
import {
  ReportRangeError, delegateStatement, delegateStatementCsv, parseReportRange, payoutReport, payoutReportCsv, type ReportRange,
} from '@ppm/ledger';
import { CliError, printJson, say } from '../../output';
import type { ContextFactory } from '../index';

interface RangeOpts {
  from: string;
  to: string;
  csv?: string | boolean;
  json?: boolean;
}

function range(opts: RangeOpts): ReportRange {
  try {
    return parseReportRange(opts.from, opts.to);
  } catch (err) {
    if (err instanceof ReportRangeError) throw new CliError(err.message.replace(/^(from|to) /, '--$1 '));
    throw err;
  }
}

/** `--csv` alone prints to stdout; `--csv FILE` writes the file (atomically: temporary file, then rename). */
function writeCsv(csv: string | boolean, text: string): void {
  if (csv === true) {
    process.stdout.write(text);
    return;
  }
  const file = String(csv);
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
  process.stderr.write(`wrote ${file}\n`);
}

/**
 * `ppm report payouts --from D --to D --csv [FILE]|--json` (one line per payout output: date, address, amount in
 * satoshis, txid, confirmations) and `ppm report delegate ADDRESS --from D --to D --csv [FILE]|--json` (per pool
 * block: height, weight, pool weight, reward, share, rules; payouts). Days are UTC, both inclusive.
 */
export function registerReportCommands(program: Command, ctx: ContextFactory): void {
  const report = program.command('report').description('reports for delegates and accountants (UTC days, --from and --to inclusive)');

  report
    .command('payouts')
    .description('every payout output sent in the range: date, address, amount (sat), txid, confirmations')
    .requiredOption('--from <day>', 'first UTC day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last UTC day, YYYY-MM-DD')
    .option('--csv [file]', 'CSV (to FILE, or stdout)')
    .option('--json', 'print JSON')
    .action(async (opts: RangeOpts) => {
      const r = range(opts);
      const lines = await payoutReport(await ctx().db(), r);
      if (opts.csv) return writeCsv(opts.csv, payoutReportCsv(lines));
      if (opts.json) return printJson({ from: r.from, to: r.to, payouts: lines });
      for (const l of lines) say(`${l.date} ${l.address} ${formatQtum(BigInt(l.amountSats))} QTUM ${l.txid} (${l.confirmations} conf)`);
      say(`${lines.length} outputs, ${formatQtum(lines.reduce((t, l) => t + BigInt(l.amountSats), 0n))} QTUM`);
    });

  report
    .command('delegate <address>')
    .description("a delegate's statement: per pool block height, weight, pool weight, share, rules, rules applied; payouts")
    .requiredOption('--from <day>', 'first UTC day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last UTC day, YYYY-MM-DD')
    .option('--csv [file]', 'CSV (to FILE, or stdout)')
    .option('--json', 'print JSON')
    .action(async (address: string, opts: RangeOpts) => {
      const r = range(opts);
      const c = ctx();
      const { PPM_NETWORK } = loadConfig({ PPM_NETWORK: chainEnv.PPM_NETWORK }, c.env);
      try {
        decodeAddress(address, PPM_NETWORK);
      } catch (err) {
        if (err instanceof AddressError) throw new CliError(err.message);
        throw err;
      }
      const s = await delegateStatement(await c.db(), address, r);
      if (opts.csv) return writeCsv(opts.csv, delegateStatementCsv(s));
      if (opts.json) return printJson(s);
      for (const b of s.blocks) {
        say(`${b.height} ${b.date} weight ${formatQtum(BigInt(b.weightSats))} / ${formatQtum(BigInt(b.poolWeightSats))} share ${formatQtum(BigInt(b.shareSats))} QTUM` +
          (b.rulesApplied ? ` (rules applied: ${b.rulesApplied})` : ''));
      }
      for (const p of s.payouts) say(`paid ${p.date} ${formatQtum(BigInt(p.amountSats))} QTUM ${p.txid} ${p.state}`);
      say(`${s.blocks.length} blocks, shares ${formatQtum(BigInt(s.totals.sharesSats))} QTUM, paid ${formatQtum(BigInt(s.totals.paidSats))} QTUM`);
    });
}
