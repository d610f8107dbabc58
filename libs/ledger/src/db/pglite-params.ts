import path from 'node:path';
import { readFileSync } from 'node:fs';

/**
 * Postgres settings of the embedded database. PGlite's WebAssembly memory grows with every page Postgres touches
 * and never shrinks, so the buffer pool is most of what an open data folder costs: with initdb's 128 MB of
 * shared_buffers a process with the 10,000-delegate ledger open peaks near 350 MB; with 16 MB, near 210 MB (its
 * floor: 128 MB of minimum WebAssembly memory and the compiled module). The ledger's hot pages still fit, and the
 * operating system's page cache keeps the rest (bench/RESULTS.md, MEM).
 */
export const PGLITE_SETTINGS = ['shared_buffers=16MB', 'max_connections=5'] as const;

/** The settings as postgres/initdb command-line arguments (`-c name=value`). */
export const PGLITE_START_PARAMS: readonly string[] = PGLITE_SETTINGS.flatMap((s) => ['-c', s]);

/** The installed PGlite's version (the data tarball fits that version only). */
export function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Where the build puts a freshly initialised data folder (scripts/pgdata.js): dist/pgdata/<version>.tgz (the same
 * path from src/db under ts-jest and from dist/db).
 */
export function pgdataTarball(): string {
  return path.join(__dirname, '..', '..', 'dist', 'pgdata', `${pgliteVersion()}.tgz`);
}
