import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { migrate } from './migrate';
import { readTar, unpackDataDir } from './pgdata-unpack';
import { openPglite } from './pglite';
import { pgdataTarball, pgliteVersion } from './pglite-params';

/** A one-entry ustar archive, as PGlite's dumpDataDir writes them. */
function tarOf(name: string, body: string, type = '0'): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write('0000600\0', 100);
  header.write(`${Buffer.byteLength(body).toString(8).padStart(11, '0')}\0`, 124);
  header.write(type, 156);
  header.write('ustar\0', 257);
  const data = Buffer.alloc(Math.ceil(Buffer.byteLength(body) / 512) * 512);
  data.write(body);
  return Buffer.concat([header, data, Buffer.alloc(1024)]);
}

describe('a fresh PGlite data folder from the build\'s initialised tarball', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ppm-pgdata-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('is made by the build for the installed PGlite', () => {
    expect(path.basename(pgdataTarball())).toBe(`${pgliteVersion()}.tgz`);
    expect(existsSync(pgdataTarball())).toBe(true);
  });

  it('opens as a working ledger with our settings, without initdb', async () => {
    const dir = path.join(tmp, 'ledger');
    const db = await openPglite({ dataDir: dir });
    try {
      expect(readFileSync(path.join(dir, 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      await migrate(db);
      const r = await db.query<{ sb: string; mc: string }>(`SELECT current_setting('shared_buffers') AS sb, current_setting('max_connections') AS mc`);
      expect(r.rows[0]).toEqual({ sb: '16MB', mc: '5' });
      expect((await db.query<{ n: string }>('SELECT count(*) AS n FROM blocks')).rows[0]?.n).toBe('0');
    } finally {
      await db.close();
    }
    // No staging folder is left beside it.
    expect(statSync(tmp).isDirectory()).toBe(true);
    expect(readdirSync(tmp)).toEqual(['ledger']);
  }, 60_000);

  it('is refused into a folder that holds something', () => {
    const dir = path.join(tmp, 'busy');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'other'), 'x');
    expect(() => unpackDataDir(pgdataTarball(), dir)).toThrow(/not empty/);
    expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(false);
  });

  it('keeps every entry inside the folder and knows only files and folders', () => {
    const evil = path.join(tmp, 'evil.tgz');
    writeFileSync(evil, gzipSync(Buffer.concat([tarOf('PG_VERSION', '18\n').subarray(0, 1024), tarOf('../escaped', 'x')])));
    expect(() => unpackDataDir(evil, path.join(tmp, 'evil'))).toThrow(/outside the data folder/);
    expect(existsSync(path.join(tmp, 'escaped'))).toBe(false);
    expect(() => readTar(tarOf('link', '', '2'))).toThrow(/unexpected tar entry type "2"/);
    expect(readTar(tarOf('/base/1/x', 'abc'))).toEqual([{ name: '/base/1/x', mode: 0o600, type: 'file', data: Buffer.from('abc') }]);
  });
});
