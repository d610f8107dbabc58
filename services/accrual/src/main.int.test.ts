import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '@ppm/ledger';
import { address } from './test/chain-fixture';

// The accrual process as an operator runs it (dist/main.js): a bad rules file fails the start listing every
// problem; SIGHUP re-reads the file: a bad one keeps the rules (each problem logged, `rules_reload_failed` in the
// outbox), a good one logs `rules_loaded` with its version. The process keeps running through both.
const MAIN = path.resolve(__dirname, '../dist/main.js');
const C = address('carol');

jest.setTimeout(120_000);

interface Proc { child: ChildProcess; lines: string[]; stderr: () => string; exited: Promise<number | null> }

function start(env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    const parts = out.split('\n');
    out = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => err, exited };
}

async function waitFor(p: Proc, test: (line: string) => boolean, what: string, count = 1): Promise<void> {
  const until = Date.now() + 60_000;
  while (p.lines.filter(test).length < count) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; log:\n${p.lines.join('\n')}\n${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('accrual process: rules file at start and on SIGHUP', () => {
  let dir: string;
  let env: Record<string, string>;
  let rules: string;
  beforeAll(() => {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accrual-main-'));
    rules = path.join(dir, 'rules.yaml');
    env = {
      PPM_DATA_DIR: path.join(dir, 'data'), PPM_AUTO_MIGRATE: '1', PPM_NETWORK: 'regtest', PPM_RULES_FILE: rules,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', PPM_QUEUE_PREFIX: `test-accrual-main-${randomUUID().slice(0, 8)}`,
      PPM_LOG_LEVEL: 'info', PPM_OPS_LISTEN: '127.0.0.1:0',
    };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses to start with a bad rules file, listing every problem (exit 1)', async () => {
    fs.writeFileSync(rules, 'version: 2\nleftover: burn\nexclude: [{ address: qXYZ }]\n');
    const p = start(env);
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain('invalid configuration (3 problems)');
    expect(p.stderr()).toContain('rules.yaml: version: must be 1');
    expect(p.stderr()).toContain('rules.yaml: leftover: must be "pool" or "redistribute"');
    expect(p.stderr()).toContain('rules.yaml: exclude.0.address: ');
  });

  it('SIGHUP: a bad file keeps the rules and alerts, a good one is loaded; the process runs on and stops cleanly', async () => {
    fs.writeFileSync(rules, `version: 1\nleftover: pool\nexclude: [{ address: ${C} }]\n`);
    const p = start(env);
    try {
      await waitFor(p, (l) => l.includes('"msg":"accrual started"'), 'the start');
      const loaded = p.lines.map((l) => JSON.parse(l) as { msg: string; version?: string }).find((l) => l.msg === 'rules_loaded');
      expect(loaded?.version).toMatch(/^[0-9a-f]{64}$/);

      fs.writeFileSync(rules, 'version: 1\nleftover: nowhere\nminWeightSats: -1\n');
      p.child.kill('SIGHUP');
      await waitFor(p, (l) => l.includes('rules reload refused'), 'two logged problems', 2);
      fs.writeFileSync(rules, 'version: 1\nleftover: redistribute\n');
      p.child.kill('SIGHUP');
      await waitFor(p, (l) => l.includes('"msg":"rules_loaded"'), 'the second rules_loaded', 2);
      const versions = p.lines.map((l) => JSON.parse(l) as { msg: string; version?: string }).filter((l) => l.msg === 'rules_loaded').map((l) => l.version);
      expect(versions[1]).toMatch(/^[0-9a-f]{64}$/);
      expect(versions[1]).not.toBe(versions[0]);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);

    const db = await openDb({ dataDir: env.PPM_DATA_DIR! });
    try {
      const rows = await db.query<{ kind: string; severity: string; payload: { service: string; problems: string[] } }>('SELECT kind, severity, payload FROM outbox');
      expect(rows.rows.map((r) => [r.kind, r.severity, r.payload.service, r.payload.problems.length])).toEqual([['rules_reload_failed', 'warning', 'accrual', 2]]);
    } finally {
      await db.close();
    }
  });
});
