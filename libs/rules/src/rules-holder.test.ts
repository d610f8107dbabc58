import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PermanentError } from '@ppm/runtime';
import { encodeAddress } from '@ppm/chain';
import { rulesFromCanonicalJson } from './rules-canonical';
import { createRulesHolder, loadRules } from './rules-holder';

const B = encodeAddress('22'.repeat(20), 'regtest');
const C = encodeAddress('33'.repeat(20), 'regtest');

describe('rules holder and stored rules', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-holder-'));
  const file = path.join(dir, 'rules.yaml');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips the canonical JSON to the same rules and version; an altered row is refused', () => {
    fs.writeFileSync(file, `version: 1\nleftover: pool\nexclude: [{ address: ${C}, reason: own }]\nfeeOverrides: [{ address: ${B}, feeBps: 5 }]\nminWeightSats: 7\n`);
    const loaded = loadRules(file, 'regtest');
    const back = rulesFromCanonicalJson(loaded.canonicalJson, loaded.version);
    expect(back).toEqual({ ...loaded.rules, exclude: [{ address: C }] });
    expect(() => rulesFromCanonicalJson(loaded.canonicalJson.replace('"feeBps":5', '"feeBps":6'), loaded.version)).toThrow(PermanentError);
  });

  it('a bad file at start throws every problem; a bad reload keeps the old rules and lists the problems', () => {
    fs.writeFileSync(file, 'version: 2\nleftover: burn\n');
    expect(() => createRulesHolder(file, 'regtest')).toThrow(/version: must be 1[\s\S]*leftover: must be "pool" or "redistribute"/);
    fs.writeFileSync(file, 'version: 1\nleftover: pool\n');
    const holder = createRulesHolder(file, 'regtest');
    const first = holder.current()!;
    fs.writeFileSync(file, 'version: 1\nleftover: nope\nminWeightSats: -1\n');
    const bad = holder.reload();
    expect(bad).toMatchObject({ ok: false, kept: first });
    expect(bad.ok ? [] : bad.problems).toHaveLength(2);
    expect(holder.current()).toBe(first);
    fs.writeFileSync(file, 'version: 1\nleftover: redistribute\n');
    const good = holder.reload();
    expect(good).toMatchObject({ ok: true, previousVersion: first.version });
    expect(holder.current()!.rules.leftover).toBe('redistribute');
    expect(createRulesHolder(undefined, 'regtest').current()).toBeNull();
  });
});
