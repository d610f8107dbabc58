/**
 * One database interface over Postgres (`pg`) and embedded Postgres (PGlite), so the same SQL and the same tests
 * run on both. Money columns are `numeric`/`bigint`; both adapters return them as decimal strings (never JS
 * numbers), and repositories convert with `BigInt`. `bigint` parameters are sent as decimal strings.
 */

/** Rows of a query. */
export interface QueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** Something that runs SQL: the database or an open transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** The ledger database. */
export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** The schema every unqualified name resolves to. */
  readonly schema: string;
  /**
   * Runs `fn` in one transaction (READ COMMITTED by default); commits when it resolves, rolls back when it throws.
   * Do not call `db.query` inside `fn`: use `tx`.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: { isolation?: 'read committed' | 'serializable' }): Promise<T>;
  close(): Promise<void>;
}

/** Converts parameters for the wire: bigint to decimal text, everything else unchanged. */
export function toParams(params: readonly unknown[] | undefined): unknown[] {
  return (params ?? []).map((p) => (typeof p === 'bigint' ? p.toString() : p));
}

/** A safe SQL identifier for a schema name (letters, digits, underscore). */
export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}: use lowercase letters, digits and _`);
  return schema;
}
