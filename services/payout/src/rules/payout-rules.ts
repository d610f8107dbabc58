import type { NetworkName } from '@ppm/chain';
import { ConfigError } from '@ppm/runtime';
import { checkRedirectSignatures, loadRulesFile, rulesVersion, type DelegateRules, type VerifyMessage } from '@ppm/rules';

/** What payouts take from the rules file (PPM_RULES_FILE): verified redirects, the pool-fee split, exclusions. */
export interface PayoutRules {
  /** rulesVersion() of the file: logged on (re)load. */
  readonly version: string;
  /** Delegate A -> where its payouts go, with A's signature of redirectMessage(staker, A, B) (verified). */
  readonly redirects: ReadonlyMap<string, { readonly to: string; readonly signature: string }>;
  /** The pool fee's recipients by basis points (empty: the pool keeps its fee). */
  readonly poolFeeSplit: readonly { readonly address: string; readonly bps: number }[];
  /** Excluded addresses with the file's reason ('' when none), for the dry run's listing. */
  readonly excluded: ReadonlyMap<string, string>;
}

/** The payout view of validated rules. Call only once every redirect's signature has been verified. */
export function payoutRulesOf(r: DelegateRules): PayoutRules {
  return {
    version: rulesVersion(r),
    redirects: new Map(r.redirects.map((x) => [x.from, { to: x.to, signature: x.signature }])),
    poolFeeSplit: r.poolFeeSplit.map((s) => ({ address: s.address, bps: s.bps })),
    excluded: new Map(r.exclude.map((e) => [e.address, e.reason ?? ''])),
  };
}

/**
 * Reads and validates `file`, then checks every redirect's signature with the node (`verify` is qtumd's
 * verifymessage): a redirect is used only when delegate A's key signed exactly that redirect. Throws one
 * ConfigError listing every problem of the file, or every refused redirect; nothing is half-loaded.
 */
export async function loadPayoutRules(file: string, network: NetworkName, stakerAddress: string, verify: VerifyMessage): Promise<PayoutRules> {
  const rules = loadRulesFile(file, network);
  const problems = await checkRedirectSignatures(rules, stakerAddress, verify);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `PPM_RULES_FILE ${file}: ${p}`));
  return payoutRulesOf(rules);
}
