import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

// What the measured process runs with (README "Memory"): a preload prints, in each node process, whether it is the
// relaunched one and V8's heap limit.
describe('the heap limit ppm runs with', () => {
  const MAIN = path.resolve(__dirname, '../dist/main.js');
  const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-heap-')), 'probe.js');
  fs.writeFileSync(probe, "process.stderr.write(`probe ${process.env.PPM_HEAP_RELAUNCHED ?? '-'} ${Math.round(require('v8').getHeapStatistics().heap_size_limit / 1048576)}\\n`);\n");
  const limits = (entry: string, env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [entry, '--version'], {
      encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env, NODE_OPTIONS: `--require ${probe} ${env.NODE_OPTIONS ?? ''}` },
    });
    expect(r.status).toBe(0);
    return [...r.stderr.matchAll(/^probe (\S+) (\d+)$/gm)].map((m) => ({ relaunched: m[1] === '1', mb: Number(m[2]) }));
  };

  it.each([['the launcher', LAUNCHER], ['dist/main.js', MAIN]])('is ~192 MB by default through %s (relaunched once)', (_name, entry) => {
    const procs = limits(entry, {});
    expect(procs).toHaveLength(2);
    expect(procs[1]?.relaunched).toBe(true);
    // heap_size_limit = old space + young generation.
    expect(procs[1]?.mb).toBeGreaterThanOrEqual(192);
    expect(procs[1]?.mb).toBeLessThan(300);
  });

  it('is PPM_HEAP_MB when set', () => {
    const procs = limits(MAIN, { PPM_HEAP_MB: '400' });
    expect(procs).toHaveLength(2);
    expect(procs[1]?.mb).toBeGreaterThanOrEqual(400);
    expect(procs[1]?.mb).toBeLessThan(500);
  });

  it('is the user\'s when NODE_OPTIONS sets one, and V8\'s for PPM_HEAP_MB=0: no relaunch', () => {
    const own = limits(MAIN, { NODE_OPTIONS: '--max-old-space-size=700' });
    expect(own).toHaveLength(1);
    expect(own[0]?.relaunched).toBe(false);
    expect(own[0]?.mb).toBeGreaterThanOrEqual(700);
    expect(own[0]?.mb).toBeLessThan(800);
    const v8Default = limits(MAIN, { PPM_HEAP_MB: '0' });
    expect(v8Default).toHaveLength(1);
    expect(v8Default[0]?.mb).toBeGreaterThan(800);
  });

  it('leaves with the relaunched process\'s exit code', () => {
    const bad = spawnSync(process.execPath, [MAIN, 'nosuch'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown command 'nosuch'");
  });

  it('passes SIGTERM on to the relaunched process', async () => {
    // In the relaunched process only: stay up until SIGTERM, then leave with 7.
    const waiter = path.join(path.dirname(probe), 'waiter.js');
    fs.writeFileSync(waiter, "if (process.env.PPM_HEAP_RELAUNCHED === '1') { const t = setTimeout(() => undefined, 30000); " +
      "process.once('SIGTERM', () => { clearTimeout(t); process.stderr.write('child got SIGTERM\\n'); process.exit(7); }); process.stderr.write(`ready ${process.pid}\\n`); }\n");
    const child = spawn(process.execPath, [MAIN, '--version'], { env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: `--require ${waiter}` }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const ready = new Promise<void>((resolve) => child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (stderr.includes('ready')) resolve();
    }));
    await ready;
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(stderr).toContain('child got SIGTERM');
    expect(code).toBe(7);
  });

  it('ends the relaunched process when the launcher is killed with SIGKILL (no orphan beside a restarted ppm)', async () => {
    const waiter = path.join(path.dirname(probe), 'waiter.js');
    const child = spawn(process.execPath, [MAIN, '--version'], { env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: `--require ${waiter}` }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const pid = await new Promise<number>((resolve) => child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /ready (\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    }));
    const alive = (p: number) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL');
    const until = Date.now() + 10_000;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  });
});
