import type { DelegateRules } from './rules-schema';
import { redirectMessage } from './redirect-message';

/** The node's `verifymessage` (true: signed by the address's key). Errors are the node's (-5, -3). */
export type VerifyMessage = (address: string, signature: string, message: string) => Promise<boolean>;

/**
 * Checks every redirect's signature with the node: A's key must have signed exactly
 * redirectMessage(staker, A, B). Returns one problem per redirect that fails (empty: all accepted). A redirect
 * is never accepted on the operator's word: this is what stops a silent diversion.
 */
export async function checkRedirectSignatures(rules: DelegateRules, stakerAddress: string, verify: VerifyMessage): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, r] of rules.redirects.entries()) {
    const message = redirectMessage(stakerAddress, r.from, r.to);
    let ok: boolean;
    try {
      ok = await verify(r.from, r.signature, message);
    } catch (err) {
      problems.push(`redirects.${i}: the node refused the signature of ${r.from}: ${(err as Error).message}`);
      continue;
    }
    if (!ok) problems.push(`redirects.${i}: the signature is not ${r.from}'s signature of "${message}"`);
  }
  return problems;
}
