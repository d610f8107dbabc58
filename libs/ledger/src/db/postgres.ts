import pg from 'pg';
import { assertSchemaName, toParams, type Db, type Queryable } from './db';

// int8 (20) and numeric (1700) stay decimal strings: never let a driver turn money into a float.
const keepText = (v: string): string => v;
const types = {
  getTypeParser: ((oid: number, format?: string): unknown =>
    oid === 20 || oid === 1700 ? keepText : (pg.types.getTypeParser(oid, format as 'text') as unknown)) as typeof pg.types.getTypeParser,
};

/** Options for {@link openPostgres}. */
export interface PostgresOptions {
  url: string;
  schema?: string;
  max?: number;
}

/** Opens a pooled Postgres connection whose search_path is `schema` (created if missing). */
export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  const schema = assertSchemaName(opts.schema ?? 'public');
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    types,
    options: `-c search_path=${schema}`,
  });
  pool.on('error', () => {
    // An idle client died (server restart); the pool replaces it. Queries report their own errors.
  });
  // Only when missing: CREATE SCHEMA checks the CREATE privilege even with IF NOT EXISTS, which the services'
  // roles do not have (see roles.ts).
  const found = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (found.rowCount === 0) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const query: Queryable['query'] = async (sql, params) => {
    const r = await pool.query(sql, toParams(params));
    return { rows: r.rows as never[], rowCount: r.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    schema,
    query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn, topts) {
      const client = await pool.connect();
      try {
        await client.query(topts?.isolation === 'serializable' ? 'BEGIN ISOLATION LEVEL SERIALIZABLE' : 'BEGIN');
        const tx: Queryable = {
          async query(sql, params) {
            const r = await client.query(sql, toParams(params));
            return { rows: r.rows as never[], rowCount: r.rowCount ?? 0 };
          },
          async exec(sql) {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
