import { sha256Hex } from '@ppm/chain';
import { PermanentError } from '@ppm/runtime';
import type { DelegateRules } from './rules-schema';

/** Rules as the ledger stored them (`rules_versions.canonical_json`), read back for a re-application or replay. */
interface CanonicalRules {
  version: 1;
  leftover: 'pool' | 'redistribute';
  exclude: string[];
  feeOverrides: { address: string; feeBps: number }[];
  minWeightSats: string;
  redirects: { from: string; to: string; signature: string }[];
  poolFeeSplit: { address: string; bps: number }[];
}

/**
 * The rules of a stored canonical JSON text, checked against its version (sha256 of the text): a row that does
 * not hash to its version was altered, and crediting by it would not reproduce the ledger (PermanentError).
 */
export function rulesFromCanonicalJson(text: string, version: string): DelegateRules {
  if (sha256Hex(text) !== version) throw new PermanentError(`stored rules ${version} do not hash to their version: the rules_versions row was altered`);
  const c = JSON.parse(text) as CanonicalRules;
  return {
    version: c.version,
    leftover: c.leftover,
    exclude: c.exclude.map((address) => ({ address })),
    feeOverrides: c.feeOverrides,
    minWeightSats: BigInt(c.minWeightSats),
    redirects: c.redirects,
    poolFeeSplit: c.poolFeeSplit,
  };
}
