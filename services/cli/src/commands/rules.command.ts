import type { Command } from 'commander';
import { checkRedirectSignatures, loadRulesFile, redirectMessage, rulesVersion } from '@ppm/rules';
import { chainEnv, loadConfig } from '@ppm/config';
import { ConfigError } from '@ppm/runtime';
import { CliError, printJson, say } from '../output';
import type { ContextFactory } from './index';

/**
 * `ppm rules check [--file F]`: validates the delegate rules file (PPM_RULES_FILE by default), checks every
 * redirect's signature with the node's `verifymessage`, and prints the rules and their version. Exit 1 listing
 * every problem.
 */
export function registerRulesCommands(program: Command, ctx: ContextFactory): void {
  const rules = program.command('rules').description('delegate rules (PPM_RULES_FILE)');
  rules
    .command('check')
    .description('validate the rules file and check every redirect signature with the node (verifymessage)')
    .option('--file <file>', 'rules file (default: PPM_RULES_FILE)')
    .option('--json', 'print JSON')
    .action(async (opts: { file?: string; json?: boolean }) => {
      const c = ctx();
      const config = loadConfig(chainEnv, c.env);
      const file = opts.file ?? config.PPM_RULES_FILE;
      if (!file) throw new CliError('no rules file: pass --file or set PPM_RULES_FILE');
      let parsed;
      try {
        parsed = loadRulesFile(file, config.PPM_NETWORK);
      } catch (err) {
        if (err instanceof ConfigError) throw new CliError(`the rules file has problems:\n  ${err.problems.join('\n  ')}`);
        throw err;
      }
      const rpc = c.rpc(config);
      const problems = await checkRedirectSignatures(parsed, config.PPM_STAKER_ADDRESS, (a, s, m) => rpc.verifymessage(a, s, m));
      const version = rulesVersion(parsed);
      if (opts.json) {
        printJson({ file, version, ok: problems.length === 0, problems, rules: parsed });
      } else {
        say(`rules ${file}: version ${version}`);
        say(`  leftover of excluded / under-minimum delegates: ${parsed.leftover === 'pool' ? 'to the pool' : 'redistributed to the other delegates'}`);
        say(`  ${parsed.exclude.length} exclusions, ${parsed.feeOverrides.length} fee overrides, minimum weight ${parsed.minWeightSats} sat`);
        for (const r of parsed.redirects) say(`  redirect ${r.from} -> ${r.to} (signed message: "${redirectMessage(config.PPM_STAKER_ADDRESS, r.from, r.to)}")`);
        for (const s of parsed.poolFeeSplit) say(`  pool fee ${s.bps} bps -> ${s.address}`);
        for (const p of problems) say(`FAIL ${p}`);
      }
      if (problems.length > 0) throw new CliError(`${problems.length} redirect(s) refused: not signed by the delegate for exactly that redirect`);
    });
}
