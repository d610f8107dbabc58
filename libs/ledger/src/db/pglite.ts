import { PGlite, types } from '@electric-sql/pglite';
import { assertSchemaName, toParams, type Db, type Queryable } from './db';

/** Options for {@link openPglite}. */
export interface PgliteOptions {
  /** Data folder; undefined keeps the database in memory (tests). */
  dataDir?: string;
  schema?: string;
  /** Reuse an open PGlite instance (several schemas in one test process). */
  instance?: PGlite;
}

// int8 and numeric as decimal strings, as with pg.
const parsers = { [types.INT8]: (v: string) => v, [types.NUMERIC]: (v: string) => v };

/** Creates a PGlite instance with our type parsers (slow: seconds; share it). */
export async function createPglite(dataDir?: string): Promise<PGlite> {
  const db = await PGlite.create(dataDir, { parsers });
  return db;
}

/**
 * Opens embedded Postgres (single process). PGlite has one connection; its own mutex serialises transactions,
 * which is what a single-process deployment needs.
 */
export async function openPglite(opts: PgliteOptions = {}): Promise<Db> {
  const schema = assertSchemaName(opts.schema ?? 'public');
  const owned = !opts.instance;
  const lite = opts.instance ?? (await createPglite(opts.dataDir));
  await lite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  // Several Db objects may share one instance (tests); qualify each statement's search_path.
  const setPath = `SET search_path TO ${schema}`;
  if (owned) await lite.exec(setPath);
  const query: Queryable['query'] = async (sql, params) => {
    if (owned) {
      const r = await lite.query(sql, toParams(params), { parsers });
      return { rows: r.rows as never[], rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
    }
    return lite.transaction(async (tx) => {
      await tx.exec(setPath);
      const r = await tx.query(sql, toParams(params), { parsers });
      return { rows: r.rows as never[], rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
    });
  };
  return {
    kind: 'pglite',
    schema,
    query,
    async exec(sql) {
      if (owned) await lite.exec(sql);
      else await lite.transaction(async (tx) => {
        await tx.exec(setPath);
        await tx.exec(sql);
      });
    },
    transaction(fn, topts) {
      return lite.transaction(async (t) => {
        if (topts?.isolation === 'serializable') await t.exec('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
        await t.exec(setPath);
        const tx: Queryable = {
          async query(sql, params) {
            const r = await t.query(sql, toParams(params), { parsers });
            return { rows: r.rows as never[], rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
          },
          async exec(sql) {
            await t.exec(sql);
          },
        };
        return fn(tx);
      });
    },
    async close() {
      if (owned) await lite.close();
    },
  };
}
