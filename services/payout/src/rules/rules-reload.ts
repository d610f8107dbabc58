import type { NetworkName } from '@ppm/chain';
import { writeOutbox, type Db } from '@ppm/ledger';
import { ConfigError, errorMessage, type Logger } from '@ppm/runtime';
import type { VerifyMessage } from '@ppm/rules';
import { loadPayoutRules, type PayoutRules } from './payout-rules';

/** Where the payout service's rules come from, and where a reload reports. */
export interface RulesSource {
  readonly file: string;
  readonly network: NetworkName;
  readonly stakerAddress: string;
  /** The node's verifymessage. */
  readonly verify: VerifyMessage;
  readonly db: Db;
  readonly log: Logger;
}

/**
 * Re-reads the rules file (SIGHUP). A good file with every redirect verified by the node replaces the rules
 * (`apply`) and logs `rules_loaded` with its version. Otherwise the current rules stay, each problem is logged,
 * and an outbox alert `rules_reload_failed` (warning) tells the operator. Never throws: a reload must not stop
 * the service. Returns whether the new rules were applied.
 */
export async function reloadRules(src: RulesSource, current: PayoutRules | undefined, apply: (r: PayoutRules) => void): Promise<boolean> {
  let problems: string[];
  try {
    const rules = await loadPayoutRules(src.file, src.network, src.stakerAddress, src.verify);
    apply(rules);
    src.log.info({ event: 'rules_loaded', file: src.file, version: rules.version, redirects: rules.redirects.size, poolFeeSplit: rules.poolFeeSplit.length }, 'rules_loaded');
    return true;
  } catch (err) {
    problems = err instanceof ConfigError ? err.problems : [`cannot check the rules: ${errorMessage(err)}`];
  }
  const keptVersion = current?.version ?? null;
  for (const problem of problems) src.log.error({ event: 'rules_reload_failed', file: src.file, problem, keptVersion }, 'rules reload refused; the old rules stay');
  try {
    await writeOutbox(src.db, {
      kind: 'rules_reload_failed',
      // One alert per refused reload (a second SIGHUP with the same bad file alerts again).
      dedupeKey: `rules_reload_failed:payout:${Date.now()}:${Math.random().toString(36).slice(2, 10)}`,
      payload: { service: 'payout', file: src.file, problems, keptVersion },
    });
  } catch (err) {
    src.log.error({ err }, 'could not write the rules_reload_failed alert');
  }
  return false;
}
