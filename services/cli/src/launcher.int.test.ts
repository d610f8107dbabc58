import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The committed launcher npm links as `ppm` (node_modules/.bin/ppm): it runs the built CLI (building it first on a
// fresh clone, checked by hand: README "Running ppm").
const LAUNCHER = path.resolve(__dirname, '../bin/ppm.js');
const ROOT = path.resolve(__dirname, '../../..');

describe('the ppm launcher', () => {
  it('is the package bin, executable, and what npm linked', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
    expect(pkg.bin).toEqual({ ppm: 'bin/ppm.js' });
    expect(fs.statSync(LAUNCHER).mode & 0o111).not.toBe(0);
    expect(fs.realpathSync(path.join(ROOT, 'node_modules/.bin/ppm'))).toBe(fs.realpathSync(LAUNCHER));
  });

  it('prints the version and the grouped help on stdout, nothing on stderr', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as { version: string };
    const v = spawnSync(process.execPath, [LAUNCHER, '--version'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(v.status).toBe(0);
    expect(v.stdout).toBe(`${pkg.version}\n`);
    expect(v.stderr).toBe('');
    const h = spawnSync(process.execPath, [LAUNCHER, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^Usage: ppm /);
    expect(h.stdout).toContain('Payouts:');
    expect(h.stdout).toContain('Examples:');
  });
});
