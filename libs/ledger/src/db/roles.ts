import { PermanentError } from '@ppm/runtime';
import type { Db, Queryable } from './db';

/**
 * Database roles (issue 10 §5): one policy, applied by `ppm db roles` and re-applied by every `migrate`.
 * - owner: owns the schema and every table; only `ppm migrate` (and a one-time `ppm import-ppm`) connects as it.
 * - writer: the services that write (chain-watcher, snapshotter, accrual, payout, notifier). Owns nothing, so it
 *   cannot ALTER a table (no DISABLE TRIGGER), and is granted SELECT/INSERT everywhere, UPDATE/DELETE only on the
 *   state tables, never TRUNCATE, TRIGGER or REFERENCES.
 * - reader: the api. SELECT only.
 * Roles are cluster-wide, the grants are per schema: the registry `ppm_db_roles` lives in the schema.
 */
export type DbRoleKind = 'owner' | 'writer' | 'reader';

/** The roles of one ledger schema. */
export interface LedgerRoles {
  readonly owner: string;
  readonly writers: readonly string[];
  readonly readers: readonly string[];
}

/** Money history: writers may add rows, never change or remove one (ledger_entries also has a trigger). */
export const APPEND_ONLY_TABLES: readonly string[] = [
  'ledger_entries', 'snapshots', 'snapshot_weights', 'block_applications', 'block_reversals', 'ledger_imports', 'payout_outputs',
  'rules_versions', 'block_rule_effects',
];

/** Bookkeeping of the schema itself: the services only read it. */
export const SCHEMA_TABLES: readonly string[] = ['ppm_migrations', 'ppm_db_roles'];

/** The privileges a writer gets on `table` (every table not listed above is a state table). */
export function writerPrivileges(table: string): string {
  if (SCHEMA_TABLES.includes(table)) return 'SELECT';
  if (APPEND_ONLY_TABLES.includes(table)) return 'SELECT, INSERT';
  return 'SELECT, INSERT, UPDATE, DELETE';
}

/** A role name we quote ourselves: lowercase letters, digits, _ (as Postgres folds unquoted names). */
export function assertRoleName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new PermanentError(`invalid role name ${JSON.stringify(name)}: use lowercase letters, digits and _`);
  return name;
}

const ident = (name: string): string => `"${assertRoleName(name)}"`;
const list = (names: readonly string[]): string => names.map(ident).join(', ');

const REGISTRY_DDL = `CREATE TABLE IF NOT EXISTS ppm_db_roles (
  role_name text PRIMARY KEY, kind text NOT NULL CHECK (kind IN ('owner', 'writer', 'reader')), registered_at timestamptz NOT NULL DEFAULT now())`;

// The migrations' advisory lock: grants and migrations never run concurrently on one database.
const LOCK = 'SELECT pg_advisory_xact_lock(7270101)';

/** The roles registered for the schema, or undefined when none (PGlite, or `ppm db roles` never ran). */
export async function registeredRoles(q: Queryable): Promise<LedgerRoles | undefined> {
  const table = await q.query<{ name: string | null }>(`SELECT to_regclass('ppm_db_roles')::text AS name`);
  if (!table.rows[0]?.name) return undefined;
  const rows = (await q.query<{ role_name: string; kind: DbRoleKind }>('SELECT role_name, kind FROM ppm_db_roles ORDER BY role_name')).rows;
  const owner = rows.find((r) => r.kind === 'owner')?.role_name;
  if (!owner) return undefined;
  return { owner, writers: rows.filter((r) => r.kind === 'writer').map((r) => r.role_name), readers: rows.filter((r) => r.kind === 'reader').map((r) => r.role_name) };
}

/** Refuses a role set that would defeat the policy: a writer or reader that is, or inherits, the owner or a superuser. */
async function checkRoles(q: Queryable, roles: LedgerRoles): Promise<void> {
  const problems: string[] = [];
  for (const name of [roles.owner, ...roles.writers, ...roles.readers]) {
    const r = await q.query<{ rolsuper: boolean; rolbypassrls: boolean }>('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [name]);
    const row = r.rows[0];
    if (!row) { problems.push(`role ${name} does not exist`); continue; }
    if (name === roles.owner) continue;
    if (row.rolsuper || row.rolbypassrls) problems.push(`role ${name} is a superuser (or bypasses row security): a service role must not be`);
    const member = await q.query<{ m: boolean }>(`SELECT pg_has_role($1, $2, 'MEMBER') AS m`, [name, roles.owner]);
    if (member.rows[0]?.m) problems.push(`role ${name} is, or is a member of, the owner role ${roles.owner}: it could ALTER the ledger's tables`);
  }
  if (problems.length > 0) throw new PermanentError(`database roles refused:\n  ${problems.join('\n  ')}`);
}

async function grantAll(q: Queryable, schema: string, roles: LedgerRoles): Promise<void> {
  const services = [...roles.writers, ...roles.readers];
  await q.exec(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC`);
  if (services.length === 0) return;
  await q.exec(`GRANT USAGE ON SCHEMA ${schema} TO ${list(services)}`);
  const tables = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY 1`, [schema]);
  for (const { name } of tables.rows) {
    const t = `${schema}."${name}"`;
    await q.exec(`REVOKE ALL ON TABLE ${t} FROM PUBLIC, ${list(services)}`);
    if (roles.readers.length > 0) await q.exec(`GRANT SELECT ON TABLE ${t} TO ${list(roles.readers)}`);
    if (roles.writers.length > 0) await q.exec(`GRANT ${writerPrivileges(name)} ON TABLE ${t} TO ${list(roles.writers)}`);
  }
  const sequences = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'S' ORDER BY 1`, [schema]);
  for (const { name } of sequences.rows) {
    const s = `${schema}."${name}"`;
    await q.exec(`REVOKE ALL ON SEQUENCE ${s} FROM PUBLIC, ${list(services)}`);
    if (roles.readers.length > 0) await q.exec(`GRANT SELECT ON SEQUENCE ${s} TO ${list(roles.readers)}`);
    if (roles.writers.length > 0) await q.exec(`GRANT USAGE, SELECT ON SEQUENCE ${s} TO ${list(roles.writers)}`);
  }
}

/**
 * Re-applies the policy to every table and sequence of the schema for the registered roles (after migrations:
 * new tables get their grants). No-op on PGlite or when no roles are registered. Returns the roles applied.
 */
export async function applyLedgerGrants(db: Db): Promise<LedgerRoles | undefined> {
  if (db.kind !== 'postgres') return undefined;
  return db.transaction(async (tx) => {
    await tx.query(LOCK);
    const roles = await registeredRoles(tx);
    if (!roles) return undefined;
    await checkRoles(tx, roles);
    await grantAll(tx, db.schema, roles);
    return roles;
  });
}

/** Options of {@link setupLedgerRoles}. */
export interface SetupRolesOptions {
  /** Passwords by role name: the role is created (or altered) with LOGIN and this password. */
  passwords?: ReadonlyMap<string, string>;
}

/** What {@link setupLedgerRoles} did. */
export interface SetupRolesResult {
  readonly created: string[];
  readonly passwordsSet: string[];
  readonly ownedObjectsMoved: number;
}

/**
 * `ppm db roles`, as an admin (superuser, or CREATEROLE and member of the owner): creates the missing roles,
 * makes `owner` own the schema and everything in it, registers the roles and applies the grants. Idempotent.
 */
export async function setupLedgerRoles(db: Db, roles: LedgerRoles, opts: SetupRolesOptions = {}): Promise<SetupRolesResult> {
  if (db.kind !== 'postgres') throw new PermanentError('database roles need Postgres (DATABASE_URL): embedded PGlite serves one process and has no roles');
  const all = [roles.owner, ...roles.writers, ...roles.readers].map(assertRoleName);
  if (new Set(all).size !== all.length) throw new PermanentError(`database roles refused: a role may play one part only (${all.join(', ')})`);
  const passwords = opts.passwords ?? new Map<string, string>();
  for (const name of passwords.keys()) if (!all.includes(name)) throw new PermanentError(`a password was given for ${name}, which is not one of the roles`);
  const created: string[] = [];
  const passwordsSet: string[] = [];
  let moved = 0;
  await db.transaction(async (tx) => {
    await tx.query(LOCK);
    for (const name of all) {
      const exists = (await tx.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount > 0;
      if (!exists) {
        await tx.exec(`CREATE ROLE ${ident(name)} ${passwords.has(name) ? 'LOGIN' : 'NOLOGIN'} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`);
        created.push(name);
      }
      const password = passwords.get(name);
      if (password !== undefined) {
        // format(%L) quotes the password; it never appears in our own SQL text or logs.
        const sql = (await tx.query<{ sql: string }>(`SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS sql`, [name, password])).rows[0]!.sql;
        await tx.exec(sql);
        passwordsSet.push(name);
      }
    }
    await tx.exec(REGISTRY_DDL);
    const owner = ident(roles.owner);
    await tx.exec(`ALTER SCHEMA ${db.schema} OWNER TO ${owner}`);
    const objects = await tx.query<{ kind: string; name: string }>(
      `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
              format('%I.%I', n.nspname, c.relname) AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> $2
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        UNION ALL
       SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`, [db.schema, roles.owner]);
    for (const o of objects.rows) await tx.exec(`ALTER ${o.kind} ${o.name} OWNER TO ${owner}`);
    moved = objects.rows.length;
    const previous = await registeredRoles(tx);
    const dropped = previous ? [...previous.writers, ...previous.readers].filter((r) => !all.includes(r)) : [];
    for (const r of dropped) {
      if ((await tx.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [r])).rowCount === 0) continue;
      await tx.exec(`REVOKE ALL ON ALL TABLES IN SCHEMA ${db.schema} FROM ${ident(r)}`);
      await tx.exec(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${db.schema} FROM ${ident(r)}`);
      await tx.exec(`REVOKE USAGE ON SCHEMA ${db.schema} FROM ${ident(r)}`);
    }
    await tx.exec('DELETE FROM ppm_db_roles');
    const rows: [string, DbRoleKind][] = [[roles.owner, 'owner'], ...roles.writers.map((r): [string, DbRoleKind] => [r, 'writer']), ...roles.readers.map((r): [string, DbRoleKind] => [r, 'reader'])];
    for (const [name, kind] of rows) await tx.query('INSERT INTO ppm_db_roles (role_name, kind) VALUES ($1, $2)', [name, kind]);
    await checkRoles(tx, roles);
    await grantAll(tx, db.schema, roles);
  });
  return { created, passwordsSet, ownedObjectsMoved: moved };
}
