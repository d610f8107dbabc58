import type { NetworkName } from '@ppm/chain';
import { ConfigError } from '@ppm/runtime';
import { loadRulesFile, rulesCanonicalJson, rulesVersion } from './rules-file';
import type { DelegateRules } from './rules-schema';

/** Rules read from PPM_RULES_FILE, with their version and canonical JSON (what the ledger stores). */
export interface LoadedRules {
  readonly rules: DelegateRules;
  readonly version: string;
  readonly canonicalJson: string;
}

/** Reads, validates and versions the rules file (ConfigError listing every problem). */
export function loadRules(file: string, network: NetworkName): LoadedRules {
  const rules = loadRulesFile(file, network);
  return { rules, version: rulesVersion(rules), canonicalJson: rulesCanonicalJson(rules) };
}

/** What a reload did. */
export type RulesReload =
  | { readonly ok: true; readonly rules: LoadedRules | null; readonly previousVersion: string | null }
  | { readonly ok: false; readonly problems: readonly string[]; readonly kept: LoadedRules | null };

/** The rules a process applies now, replaced as a whole on a good reload only. */
export interface RulesHolder {
  /** The file (undefined: no rules file, today's behaviour). */
  readonly file: string | undefined;
  /** The rules in effect (null: none). */
  current(): LoadedRules | null;
  /** Re-reads the file (SIGHUP): a good file replaces the rules, a bad one keeps them and lists every problem. */
  reload(): RulesReload;
}

/**
 * Loads the rules file once at start (a bad file throws ConfigError listing every problem: the process does not
 * start, like any other bad config) and keeps them for {@link RulesHolder.reload}. No file: no rules, ever.
 */
export function createRulesHolder(file: string | undefined, network: NetworkName): RulesHolder {
  let current = file ? loadRules(file, network) : null;
  return {
    file,
    current: () => current,
    reload() {
      if (!file) return { ok: true, rules: null, previousVersion: null };
      const previousVersion = current?.version ?? null;
      try {
        current = loadRules(file, network);
        return { ok: true, rules: current, previousVersion };
      } catch (err) {
        if (err instanceof ConfigError) return { ok: false, problems: err.problems, kept: current };
        return { ok: false, problems: [`${file}: ${(err as Error).message}`], kept: current };
      }
    },
  };
}
