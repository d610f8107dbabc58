import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/** How to reach the ledger: Postgres when `databaseUrl` is set, else PGlite in `dataDir`. */
export interface OpenDbOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  schema?: string | undefined;
}

/** Opens the ledger database as configured (`DATABASE_URL`, else PGlite in `PPM_DATA_DIR`/pglite). */
export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres({ url: opts.databaseUrl, ...(opts.schema ? { schema: opts.schema } : {}) });
  const dir = path.resolve(opts.dataDir ?? './data', 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  return openPglite({ dataDir: dir, ...(opts.schema ? { schema: opts.schema } : {}) });
}
