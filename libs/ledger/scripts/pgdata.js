#!/usr/bin/env node
'use strict';
// Build step of @ppm/ledger: a freshly initialised PGlite data folder as a tarball, dist/pgdata/<pglite version>.tgz.
// A new PGlite data folder is then unpacked from it by plain file writes (src/db/pgdata-unpack.ts) instead of
// running PGlite's initdb, which peaks near 850 MB of RSS and takes ~9 s (bench/RESULTS.md, MEM). In-memory
// databases (tests) load it with PGlite's `loadDataDir`.
// The tarball holds only what initdb writes (catalogs, postgresql.conf); no data, no key. Named by the PGlite
// version, it is used only with that version (src/db/pglite.ts falls back to initdb otherwise).
const fs = require('node:fs');
const path = require('node:path');

const { PGLITE_START_PARAMS, pgdataTarball } = require('../dist/db/pglite-params.js');

async function main() {
  const out = pgdataTarball();
  if (fs.existsSync(out)) return;
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ initDbStartParams: PGLITE_START_PARAMS });
  try {
    const file = await db.dumpDataDir('gzip');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await file.arrayBuffer()));
    fs.renameSync(tmp, out);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(`pgdata: could not build the PGlite data tarball: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
