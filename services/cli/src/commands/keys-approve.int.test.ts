import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyApproval } from '@ppm/chain';
import { randomBytes } from 'node:crypto';
import { migrate, openPostgres, type Db } from '@ppm/ledger';
import { runPpm as ppm } from '../test/run-ppm';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// The built `ppm` (dist/main.js), as an operator runs it: a key, then an approval signed with it.

describe('ppm keys new and ppm payout approve', () => {
  let dir: string;
  let env: Record<string, string>;
  let admin: Db;
  // A database of its own (the CLI uses the public schema of DATABASE_URL); PGlite start-up per command is too slow here.
  const dbName = `ppm_keys_${randomBytes(4).toString('hex')}`;
  const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-keys-'));
    admin = await openPostgres({ url: ADMIN_URL });
    await admin.query(`CREATE DATABASE ${dbName}`);
    env = { PPM_DATA_DIR: dir, DATABASE_URL: dbUrl, PPM_NETWORK: 'regtest', PPM_LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.close();
  });

  jest.setTimeout(120_000);

  it('makes an operator key, signs the approval of the full plan hash with it, and refuses a prefix', async () => {
    const keyFile = path.join(dir, 'operator.pem');
    const made = await ppm(['keys', 'new', '--out', keyFile, '--json'], env);
    expect(made.code).toBe(0);
    const { publicKey } = JSON.parse(made.stdout) as { publicKey: string };
    expect(publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const again = await ppm(['keys', 'new', '--out', keyFile], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/refusing to overwrite an operator key/);

    const db = await openPostgres({ url: dbUrl });
    await migrate(db);
    await db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, height) VALUES ('delegate_share', 'qA', 500000, 7), ('delegate_share', 'qB', 900000, 7)`);
    await db.close();

    const plan = JSON.parse((await ppm(['payout', 'plan', '--json'], env)).stdout) as { planHash: string };
    const prefix = await ppm(['payout', 'approve', plan.planHash.slice(0, 12)], { ...env, PPM_OPERATOR_KEY_FILE: keyFile });
    expect(prefix.code).not.toBe(0);
    expect(prefix.stderr).toMatch(/must be a plan hash: 64 hex characters/);
    const ok = await ppm(['payout', 'approve', plan.planHash], { ...env, PPM_OPERATOR_KEY_FILE: keyFile });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain(`plan ${plan.planHash}: approved (signed by operator key ${publicKey})`);

    const check = await openPostgres({ url: dbUrl });
    try {
      const r = await check.query<{ a: Record<string, string>; created_ms: string }>(
        `SELECT operator_approval AS a, (extract(epoch FROM created_at) * 1000)::bigint::text AS created_ms FROM payout_plans WHERE plan_hash = $1`, [plan.planHash]);
      const a = r.rows[0]?.a;
      if (!a) throw new Error('no approval stored');
      const approval = { publicKeyHex: a.publicKeyHex ?? '', signatureHex: a.signatureHex ?? '', approvedAtMs: Number(a.approvedAtMs), expiresAtMs: Number(a.expiresAtMs) };
      expect(approval.publicKeyHex).toBe(publicKey);
      expect(verifyApproval(approval, 'regtest', plan.planHash)).toBe(true);
      expect(approval.expiresAtMs - Number(r.rows[0]?.created_ms)).toBe(48 * 3_600_000);
    } finally {
      await check.close();
    }
  });
});
