import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgres, type Db } from '@ppm/ledger';
import { readRolePassword } from './commands/db.command';

// The compose flow on a real Postgres, in a database of its own (roles are cluster-wide: unique names, dropped at
// the end): an admin runs `ppm db roles`, the owner runs `ppm migrate`, the services' roles cannot.
const PPM = path.resolve(__dirname, '../dist/main.js');

function ppm(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PPM, ...args], { env: { PATH: process.env.PATH ?? '', PPM_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('readRolePassword', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-pw-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('reads a bare password, or the pgpass line of the role (escapes undone)', () => {
    expect(readRolePassword('ppm_writer', file('bare', 's3cret:with:colons\n'))).toBe('s3cret:with:colons');
    const pgpass = file('pgpass', 'postgres:5432:ppm:ppm_owner:own\npostgres:5432:ppm:ppm_writer:a\\:b\\\\c\n');
    expect(readRolePassword('ppm_writer', pgpass)).toBe('a:b\\c');
    expect(readRolePassword('ppm_owner', pgpass)).toBe('own');
    expect(() => readRolePassword('ppm_api', pgpass)).toThrow(/no pgpass line for user ppm_api/);
    expect(() => readRolePassword('ppm_api', file('two', 'a\nb\n'))).toThrow(/password alone on one line/);
  });
});

describe('ppm db roles, then ppm migrate as the owner [postgres]', () => {
  const url = process.env.PPM_TEST_DATABASE_URL;
  const tag = randomBytes(4).toString('hex');
  const database = `t_cli_roles_${tag}`;
  const owner = `t_${tag}_own`;
  const writer = `t_${tag}_wr`;
  const api = `t_${tag}_api`;
  let admin: Db | undefined;
  let dir: string;
  const urlOf = (user?: string): string => {
    const u = new URL(url!);
    u.pathname = `/${database}`;
    if (user) u.username = user;
    return u.toString();
  };

  beforeAll(async () => {
    if (!url) throw new Error('PPM_TEST_DATABASE_URL is empty: this test needs a real Postgres');
    if (!fs.existsSync(PPM)) throw new Error(`${PPM} is missing: run \`npm run build\` first`);
    admin = await openPostgres({ url, max: 1 });
    await admin.exec(`CREATE DATABASE ${database}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-db-roles-'));
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.exec(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    for (const r of [owner, writer, api]) await admin.exec(`DROP ROLE IF EXISTS "${r}"`);
    await admin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an admin creates the roles; the owner migrates; the writer cannot migrate; the api role reads', async () => {
    const pgpass = path.join(dir, 'pgpass');
    fs.writeFileSync(pgpass, `*:*:*:${owner}:o-pw\n*:*:*:${writer}:w-pw\n*:*:*:${api}:a-pw\n`, { mode: 0o600 });
    const roles = await ppm(['db', 'roles', '--owner', owner, '--writer', writer, '--reader', api,
      '--password-file', `${owner}=${pgpass}`, '--password-file', `${writer}=${pgpass}`, '--password-file', `${api}=${pgpass}`, '--json'],
    { DATABASE_URL: urlOf() });
    expect(roles.stderr).toBe('');
    expect(roles.code).toBe(0);
    expect(JSON.parse(roles.stdout)).toMatchObject({ schema: 'public', owner, writers: [writer], readers: [api], passwordsSet: [owner, writer, api] });

    // Before the owner migrates, a service refuses to start: the schema is old.
    const early = await ppm(['balances', '--json'], { DATABASE_URL: urlOf(api) });
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/run `ppm migrate`/);

    const byWriter = await ppm(['migrate'], { DATABASE_URL: urlOf(writer) });
    expect(byWriter.code).toBe(1);
    expect(byWriter.stderr).toMatch(/permission denied/);

    const migrated = await ppm(['migrate', '--json'], { DATABASE_URL: urlOf(owner) });
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);
    expect((JSON.parse(migrated.stdout) as { applied: string[] }).applied).toContain('300_ledger_roles.sql');

    const balances = await ppm(['balances', '--json'], { DATABASE_URL: urlOf(api) });
    expect(balances.stderr).toBe('');
    expect(balances.code).toBe(0);
    expect(JSON.parse(balances.stdout)).toEqual([]);

    const db = await openPostgres({ url: urlOf(), max: 1 });
    try {
      const owners = await db.query<{ tableowner: string }>(`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`);
      expect(owners.rows).toEqual([{ tableowner: owner }]);
      const priv = await db.query<{ w: boolean; t: boolean; a: boolean }>(
        `SELECT has_table_privilege($1, 'ledger_entries', 'UPDATE') AS w, has_table_privilege($1, 'ledger_entries', 'TRUNCATE') AS t,
                has_table_privilege($2, 'outbox', 'INSERT') AS a`, [writer, api]);
      expect(priv.rows[0]).toEqual({ w: false, t: false, a: false });
    } finally {
      await db.close();
    }
  }, 120_000);

  it('refuses on PGlite with a clear message', async () => {
    const r = await ppm(['db', 'roles', '--owner', 'o', '--writer', 'w'], { PPM_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs Postgres \(DATABASE_URL\)/);
  });
});
