import type { Command } from 'commander';
import { loadConfig, storageEnv } from '@ppm/config';
import { migrate, openDb } from '@ppm/ledger';
import type { CliContext } from '../context';
import { printJson, say } from '../output';

/**
 * `ppm migrate [--json]`: applies pending ledger migrations. The only way the schema changes: services check the
 * schema version at start and refuse an old one (PPM_AUTO_MIGRATE=1 aside, for one process on PGlite).
 */
export function registerMigrate(program: Command, ctx: () => CliContext): void {
  program
    .command('migrate')
    .description('apply pending ledger migrations (Postgres at DATABASE_URL, else PGlite in PPM_DATA_DIR)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      // Opened here rather than through the context, whose ledger refuses an old schema.
      const storage = loadConfig(storageEnv, c.env);
      const db = await openDb({ databaseUrl: storage.DATABASE_URL, dataDir: storage.PPM_DATA_DIR });
      c.shutdown.add('database', () => db.close());
      const result = await migrate(db);
      if (opts.json) printJson({ database: db.kind, schema: db.schema, ...result });
      else say(`${db.kind}: ${result.applied.length} applied (${result.applied.join(', ') || 'none'}), ${result.alreadyApplied} already applied`);
    });
}
