import { createHash } from 'node:crypto';
import type { NetworkName } from '@ppm/chain';
import { writeOutbox, type Db } from '@ppm/ledger';
import { createRulesHolder, type LoadedRules, type RulesHolder } from '@ppm/rules';
import type { Logger } from '@ppm/runtime';

/** The delegate rules accrual credits new blocks under, reloadable on SIGHUP. */
export interface AccrualRules {
  /** The rules in effect for the next FIRST application of a pool block (null: none). */
  current(): LoadedRules | null;
  /**
   * Re-reads PPM_RULES_FILE. Good: the new rules apply to blocks credited from now on (`rules_loaded` logged with
   * the version). Bad: the old rules stay, every problem is logged and an outbox `rules_reload_failed` warning is
   * written. Blocks already credited never change either way (their terms are recorded).
   */
  reload(): Promise<{ ok: boolean; version: string | null }>;
}

/**
 * Loads the rules at start (ConfigError listing every problem on a bad file), or takes a holder already loaded
 * (the process loads it before opening the ledger, so a bad file fails the start at once).
 */
export function createAccrualRules(
  config: { PPM_RULES_FILE?: string | undefined; PPM_NETWORK?: NetworkName | undefined }, db: Db, log: Logger, loaded?: RulesHolder,
): AccrualRules {
  const holder = loaded ?? createRulesHolder(config.PPM_RULES_FILE, config.PPM_NETWORK ?? 'mainnet');
  const first = holder.current();
  if (first) log.info({ file: holder.file, version: first.version }, 'rules_loaded');
  return {
    current: () => holder.current(),
    async reload() {
      if (!holder.file) {
        log.info('SIGHUP: no PPM_RULES_FILE, no rules to reload');
        return { ok: true, version: null };
      }
      const r = holder.reload();
      if (r.ok) {
        const version = r.rules?.version ?? null;
        log.info({ file: holder.file, version, previousVersion: r.previousVersion, changed: version !== r.previousVersion }, 'rules_loaded');
        return { ok: true, version };
      }
      const keptVersion = r.kept?.version ?? null;
      for (const problem of r.problems) log.error({ file: holder.file, problem, keptVersion }, 'rules reload refused: the previous rules stay');
      const at = new Date().toISOString();
      // One message per refused reload (a business key: the time and the problems).
      const key = createHash('sha256').update(`${at}\n${r.problems.join('\n')}`).digest('hex').slice(0, 16);
      await writeOutbox(db, {
        kind: 'rules_reload_failed', dedupeKey: `rules_reload_failed:accrual:${at}:${key}`,
        payload: { service: 'accrual', file: holder.file, problems: [...r.problems], keptVersion },
      });
      return { ok: false, version: keptVersion };
    },
  };
}
