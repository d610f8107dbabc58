import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db';
import { applyLedgerGrants } from './roles';

/** Folder of the plain-SQL migrations shipped with this package. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/** One applied migration. */
export interface MigrationResult {
  readonly applied: string[];
  readonly alreadyApplied: number;
}

/** The migration files of `dir`, in the order {@link migrate} applies them. */
export function migrationFiles(dir: string = MIGRATIONS_DIR): string[] {
  return fs.readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
}

/**
 * Applies every `NNN_name.sql` in `dir` not yet recorded in `ppm_migrations`, in name order, each in its own
 * transaction together with its record. A transaction-scoped advisory lock makes concurrent starters wait
 * instead of racing. Ranges: 001-099 ledger core, 100-199 payouts, 200-299 notifications, 300+ api/ops.
 * Only `ppm migrate` (and test fixtures) call this; services check {@link assertSchemaCurrent} instead.
 */
export async function migrate(db: Db, dir: string = MIGRATIONS_DIR): Promise<MigrationResult> {
  await db.query(`CREATE TABLE IF NOT EXISTS ppm_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const files = migrationFiles(dir);
  const applied: string[] = [];
  let already = 0;
  for (const file of files) {
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7270101)');
      const seen = await tx.query('SELECT 1 FROM ppm_migrations WHERE name = $1', [file]);
      if (seen.rowCount > 0) return false;
      await tx.exec(sql);
      await tx.query('INSERT INTO ppm_migrations (name) VALUES ($1)', [file]);
      return true;
    });
    if (done) applied.push(file);
    else already++;
  }
  // Tables a migration added get the roles' grants (`ppm db roles`); nothing to do when none are registered.
  await applyLedgerGrants(db);
  return { applied, alreadyApplied: already };
}
