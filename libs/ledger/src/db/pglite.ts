import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
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

/**
 * Creating a fresh data folder runs PGlite's initdb, a second WebAssembly Postgres that takes ~600 MB and is not
 * given back to the OS: the peak RSS of the process that does it stays near 850 MB for its whole life. So a
 * fresh folder is initialised by a short-lived child process; this process then only opens it (~250-340 MB for
 * PGlite itself: 128 MB minimum WebAssembly memory, its compiled code and buffers).
 */
async function initDataDirInChild(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const script = `const { PGlite } = require(${JSON.stringify(require.resolve('@electric-sql/pglite'))});
PGlite.create(process.argv[1]).then((db) => db.close()).catch((e) => { console.error(e); process.exit(1); });`;
  await promisify(execFile)(process.execPath, ['-e', script, dataDir], { timeout: 120_000 });
}

/** Creates a PGlite instance with our type parsers (slow: seconds; share it). */
export async function createPglite(dataDir?: string): Promise<PGlite> {
  if (dataDir !== undefined) await initDataDirInChild(dataDir);
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
