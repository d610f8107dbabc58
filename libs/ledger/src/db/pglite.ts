import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite, types } from '@electric-sql/pglite';
import { unpackDataDir } from './pgdata-unpack';
import { PGLITE_START_PARAMS, pgdataTarball } from './pglite-params';
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

/** PGlite's own start parameters and ours ({@link PGLITE_SETTINGS}). */
const startParams = [...PGlite.defaultStartParams, ...PGLITE_START_PARAMS];

/** The build's freshly initialised data folder (scripts/pgdata.js), when it is there for this PGlite version. */
function initialisedTarball(): string | undefined {
  const file = pgdataTarball();
  return existsSync(file) ? file : undefined;
}

/** True when `dir` does not exist or is an empty folder. */
function absentOrEmpty(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * A fresh data folder is unpacked from the build's initialised one ({@link initialisedTarball}) by plain file
 * writes: no WebAssembly Postgres runs, and nothing is added to this process's footprint but the ~40 MB of files
 * passing through. Without the tarball (not built), PGlite's initdb runs a second WebAssembly Postgres that peaks
 * near 850 MB (9 s) and is not given back to the OS, so it runs in a short-lived child process; this process then
 * only opens the folder (~210 MB for PGlite itself: 128 MB minimum WebAssembly memory, its compiled code, 16 MB of
 * shared buffers).
 */
async function initDataDir(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const tarball = initialisedTarball();
  if (tarball && absentOrEmpty(dataDir)) {
    unpackDataDir(tarball, dataDir);
    return;
  }
  const script = `const { PGlite } = require(${JSON.stringify(require.resolve('@electric-sql/pglite'))});
PGlite.create(process.argv[1], { initDbStartParams: JSON.parse(process.argv[2]) }).then((db) => db.close())
  .catch((e) => { console.error(e); process.exit(1); });`;
  await promisify(execFile)(process.execPath, ['-e', script, dataDir, JSON.stringify(PGLITE_START_PARAMS)], { timeout: 120_000 });
}

/** Creates a PGlite instance with our type parsers and settings (slow: seconds; share it). */
export async function createPglite(dataDir?: string): Promise<PGlite> {
  if (dataDir !== undefined) {
    await initDataDir(dataDir);
    return PGlite.create(dataDir, { parsers, startParams });
  }
  // In memory (tests): unpacked from the build's tarball when there is one, else initdb.
  const tarball = initialisedTarball();
  return PGlite.create({
    parsers, startParams, initDbStartParams: [...PGLITE_START_PARAMS], ...(tarball ? { loadDataDir: new Blob([readFileSync(tarball)]) } : {}),
  });
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
