import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson, sha256Hex, type NetworkName } from '@ppm/chain';
import { ConfigError } from '@ppm/runtime';
import YAML from 'yaml';
import { rulesSchema, type DelegateRules } from './rules-schema';

/**
 * Parses rules text (JSON when the source ends in .json or the text starts with "{", YAML otherwise) and
 * validates it for `network`. Throws one ConfigError listing every problem with its path.
 */
export function parseRules(text: string, network: NetworkName, source = 'PPM_RULES_FILE'): DelegateRules {
  let raw: unknown;
  const json = source.endsWith('.json') || text.trimStart().startsWith('{');
  try {
    raw = json ? JSON.parse(text) : YAML.parse(text, { uniqueKeys: true });
  } catch (err) {
    throw new ConfigError([`${source}: not valid ${json ? 'JSON' : 'YAML'} (${(err as Error).message.split('\n')[0] ?? ''})`]);
  }
  const r = rulesSchema(network).safeParse(raw);
  if (!r.success) {
    throw new ConfigError(r.error.issues.map((i) => `${source}: ${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`));
  }
  return r.data;
}

/** Reads and parses the rules file at `file`. */
export function loadRulesFile(file: string, network: NetworkName): DelegateRules {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`PPM_RULES_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  return parseRules(text, network, path.basename(file));
}

/**
 * The rules' canonical JSON (lists sorted, amounts as strings, exclusion reasons left out): what the ledger stores
 * once per version (`rules_versions`), so replay can re-apply exactly the rules a block was credited under.
 */
export function rulesCanonicalJson(r: DelegateRules): string {
  const by = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return canonicalJson({
    version: r.version,
    leftover: r.leftover,
    exclude: [...r.exclude].map((e) => e.address).sort(),
    feeOverrides: [...r.feeOverrides].sort(by((x) => x.address)).map((x) => ({ address: x.address, feeBps: x.feeBps })),
    minWeightSats: r.minWeightSats.toString(),
    redirects: [...r.redirects].sort(by((x) => x.from)).map((x) => ({ from: x.from, to: x.to, signature: x.signature })),
    poolFeeSplit: [...r.poolFeeSplit].sort(by((x) => x.address)).map((x) => ({ address: x.address, bps: x.bps })),
  });
}

/**
 * The rules' version: sha256 of their canonical JSON ({@link rulesCanonicalJson}). The same rules give the same
 * version whatever the file's layout, comments or order; this is what a block's accrual records.
 */
export function rulesVersion(r: DelegateRules): string {
  return sha256Hex(rulesCanonicalJson(r));
}
