import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One entry of a ustar archive. */
interface TarEntry {
  readonly name: string;
  readonly mode: number;
  readonly type: 'file' | 'dir';
  readonly data: Buffer;
}

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

function octal(header: Buffer, start: number, length: number): number {
  const text = field(header, start, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new Error(`pgdata: bad number in a tar header: ${JSON.stringify(text)}`);
  return parseInt(text, 8);
}

/** The entries of an uncompressed ustar archive (regular files and folders only: that is what PGlite writes). */
export function readTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const name = [field(header, 345, 155), field(header, 0, 100)].filter(Boolean).join('/');
    const size = octal(header, 124, 12);
    const flag = String.fromCharCode(header[156] ?? 0);
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    if (data.length !== size) throw new Error(`pgdata: ${name} is cut short`);
    if (flag === '0' || flag === '\0') entries.push({ name, mode: octal(header, 100, 8), type: 'file', data });
    else if (flag === '5') entries.push({ name, mode: octal(header, 100, 8), type: 'dir', data });
    else throw new Error(`pgdata: unexpected tar entry type ${JSON.stringify(flag)} for ${name}`);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

/**
 * Creates the data folder `dataDir` from the build's initialised one (a gzipped tarball; scripts/pgdata.js) with
 * no WebAssembly Postgres at all: unpacked into a sibling folder, then renamed into place, so a crash leaves no
 * half-made folder behind. `dataDir` must not exist or be empty. Entries are confined to the folder.
 */
export function unpackDataDir(tarball: string, dataDir: string): void {
  const entries = readTar(gunzipSync(readFileSync(tarball)));
  if (!entries.some((e) => e.type === 'file' && path.posix.normalize(e.name).replace(/^\/+/, '') === 'PG_VERSION')) {
    throw new Error(`pgdata: ${tarball} holds no PG_VERSION`);
  }
  const staging = `${dataDir}.unpack-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  try {
    for (const e of entries) {
      const rel = path.posix.normalize(e.name).replace(/^\/+/, '');
      if (rel === '' || rel === '.') continue;
      if (rel.startsWith('..')) throw new Error(`pgdata: ${e.name} lies outside the data folder`);
      const target = path.join(staging, ...rel.split('/'));
      if (e.type === 'dir') mkdirSync(target, { recursive: true, mode: e.mode & 0o777 });
      else {
        mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
        writeFileSync(target, e.data, { mode: e.mode & 0o777 });
      }
    }
    try {
      if (readdirSync(dataDir).length > 0) throw new Error(`pgdata: ${dataDir} is not empty`);
      rmdirSync(dataDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    mkdirSync(path.dirname(dataDir), { recursive: true });
    renameSync(staging, dataDir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
