import { PermanentError } from '@ppm/runtime';
import type { Db } from './db';
import { MIGRATIONS_DIR, migrationFiles } from './migrate';

/** Where a ledger's schema stands against the migrations this code ships. */
export interface SchemaState {
  /** Shipped migrations not yet applied, in order. */
  readonly pending: string[];
  /** Applied migrations this code does not know (a newer release migrated the database). */
  readonly unknown: string[];
}

/** Reads `ppm_migrations` (read-only: the reader role can do it) and compares it with the shipped files. */
export async function schemaState(db: Db, dir: string = MIGRATIONS_DIR): Promise<SchemaState> {
  const files = migrationFiles(dir);
  const table = await db.query<{ name: string | null }>(`SELECT to_regclass('ppm_migrations')::text AS name`);
  if (!table.rows[0]?.name) return { pending: files, unknown: [] };
  const applied = new Set((await db.query<{ name: string }>('SELECT name FROM ppm_migrations')).rows.map((r) => r.name));
  return { pending: files.filter((f) => !applied.has(f)), unknown: [...applied].filter((f) => !files.includes(f)).sort() };
}

/** A service met a ledger whose schema is older than its code: the operator must run `ppm migrate`. */
export class SchemaOutOfDateError extends PermanentError {
  override readonly name = 'SchemaOutOfDateError';
  constructor(readonly pending: string[], where: string) {
    super(
      `the ledger schema (${where}) is older than this release: ${pending.length} migration(s) pending ` +
        `(${pending.slice(0, 5).join(', ')}${pending.length > 5 ? ', …' : ''}). Services never change the schema: ` +
        'run `ppm migrate` once (with the database owner role, after a backup), then start again. ' +
        'PPM_AUTO_MIGRATE=1 migrates at start, for single-process setups on embedded PGlite only.',
    );
  }
}

/**
 * Refuses an old schema (throws {@link SchemaOutOfDateError}); returns the state otherwise. Migrations this code
 * does not know are allowed (a rolling upgrade migrates before the old processes stop) and returned for a warning.
 */
export async function assertSchemaCurrent(db: Db, dir: string = MIGRATIONS_DIR): Promise<SchemaState> {
  const state = await schemaState(db, dir);
  if (state.pending.length > 0) throw new SchemaOutOfDateError(state.pending, `${db.kind}, schema ${db.schema}`);
  return state;
}
