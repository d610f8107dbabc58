import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeAddress, messageHash, signRecoverable } from '@ppm/chain';
import { redirectMessage } from '@ppm/rules';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { runPpm as ppm } from '../test/run-ppm';

// `ppm rules check` as a user runs it: the file is validated and every redirect signature is checked by the
// node's verifymessage (the simulator answers as qtumd 27.1).

jest.setTimeout(60_000);

describe('ppm rules check', () => {
  let sim: SimHandle;
  let dir: string;
  let env: Record<string, string>;
  const B = encodeAddress('22'.repeat(20), 'regtest');
  const X = encodeAddress('44'.repeat(20), 'regtest');
  const Y = encodeAddress('55'.repeat(20), 'regtest');

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-rules-'));
    env = { QTUM_RPC_URL: sim.url, PPM_NETWORK: 'regtest', PPM_STAKER_ADDRESS: encodeAddress('99'.repeat(20), 'regtest'), PPM_DATA_DIR: dir, PPM_LOG_LEVEL: 'error' };
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A rules file with one of each rule; A (a key the simulator knows) redirects to B with `signature`. */
  function rulesFile(name: string, signature: string): string {
    const A = sim.chain.staker.address;
    const file = path.join(dir, name);
    fs.writeFileSync(file, [
      'version: 1', 'leftover: pool', 'exclude:', `  - address: ${Y}`, 'feeOverrides:', `  - address: ${B}`, '    feeBps: 500',
      'minWeightSats: 10000000000', 'redirects:', `  - from: ${A}`, `    to: ${B}`, `    signature: ${signature}`,
      'poolFeeSplit:', `  - address: ${X}`, '    bps: 10000', '',
    ].join('\n'));
    return file;
  }

  it('accepts a redirect signed by A for exactly that redirect (exit 0) and prints the version', async () => {
    const message = redirectMessage(env.PPM_STAKER_ADDRESS ?? '', sim.chain.staker.address, B);
    const file = rulesFile('good.yaml', signRecoverable(messageHash(message), sim.chain.staker.privHex).toString('base64'));
    const r = await ppm(['rules', 'check', '--file', file, '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, problems: [], version: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('refuses a redirect the delegate did not sign (exit 1), and a broken file lists every problem', async () => {
    const other = signRecoverable(messageHash(redirectMessage(env.PPM_STAKER_ADDRESS ?? '', sim.chain.staker.address, X)), sim.chain.staker.privHex);
    const r = await ppm(['rules', 'check', '--file', rulesFile('bad.yaml', other.toString('base64'))], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL redirects.0: the signature is not ${sim.chain.staker.address}'s signature`);
    expect(r.stderr).toContain('1 redirect(s) refused');
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, JSON.stringify({ version: 2, leftover: 'x' }));
    const b = await ppm(['rules', 'check', '--file', broken], env);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('broken.json: version: must be 1');
    expect(b.stderr).toContain('broken.json: leftover: must be "pool" or "redistribute"');
  });
});
