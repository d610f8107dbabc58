import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blockRuleEffects, delegateStatement, firstBlockTerms, getBalance, parseReportRange, type Db } from '@ppm/ledger';
import { rulesCanonicalJson, rulesVersion, type DelegateRules, type LoadedRules } from '@ppm/rules';
import { ConfigError, createLogger } from '@ppm/runtime';
import { withTestDbs } from '@ppm/testkit';
import { createAccrualRules } from '../rules/accrual-rules';
import { addBlock, address, blockHash, entriesOf, orphan, outbox } from '../test/chain-fixture';
import { applyBlock } from './apply.job';
import { reverseBlock } from './reverse.job';

const A = address('alice');
const B = address('bob');
const C = address('carol');
// R = 1,000,000 sat at a 10 % global fee (F = 100,000, D = 900,000); weights A 100, B 300, C 600 (W = 1,000):
// without rules A 90,000, B 270,000, C 540,000.
const R = 1_000_000n;
const FEE = 1_000;
const WEIGHTS = [{ address: A, weightSats: 100n }, { address: B, weightSats: 300n }, { address: C, weightSats: 600n }];

function loaded(r: Partial<DelegateRules>): LoadedRules {
  const rules: DelegateRules = { version: 1, leftover: 'pool', exclude: [], feeOverrides: [], minWeightSats: 0n, redirects: [], poolFeeSplit: [], ...r };
  return { rules, version: rulesVersion(rules), canonicalJson: rulesCanonicalJson(rules) };
}

/** Entries of the block as { address or kind: amount }, for hand-computed expectations. */
async function credited(db: Db, hash: string, application = 1): Promise<Record<string, bigint>> {
  const r = await db.query<{ kind: string; address: string | null; amount_sats: string }>(
    `SELECT kind, address, amount_sats::text FROM ledger_entries WHERE block_hash = $1 AND application = $2 AND kind <> 'reversal'`, [hash, application]);
  return Object.fromEntries(r.rows.map((e) => [e.address ?? e.kind, BigInt(e.amount_sats)]));
}

withTestDbs('accrual applyBlock under delegate rules', (t) => {
  let db: Db;
  beforeEach(async () => {
    db = await t.fresh();
  });

  async function pool(label: string, height: number): Promise<string> {
    const h = blockHash(label);
    await addBlock(db, { height, hash: h, kind: 'pool', rewardSats: R, weights: WEIGHTS });
    return h;
  }

  it('no rules: rule 6 exactly, terms (fee, no rules) recorded, no effects, no rules version stored', async () => {
    const h = await pool('n1', 1);
    await applyBlock(db, h, { poolFeeBps: FEE, rules: null });
    expect(await credited(db, h)).toEqual({ [A]: 90_000n, [B]: 270_000n, [C]: 540_000n, pool_fee: 100_000n });
    expect(await firstBlockTerms(db, h)).toEqual({ poolFeeBps: FEE, rulesVersion: null, rulesJson: null, application: 1 });
    expect(await blockRuleEffects(db, h, 1)).toEqual([]);
    expect((await db.query('SELECT 1 FROM rules_versions')).rowCount).toBe(0);
  });

  it('exclusion, leftover pool: C is not credited, its 540,000 goes to the pool fee (640,000); effect and terms recorded', async () => {
    const h = await pool('x1', 1);
    const rules = loaded({ leftover: 'pool', exclude: [{ address: C }] });
    expect(await applyBlock(db, h, { poolFeeBps: FEE, rules })).toMatchObject({ outcome: 'applied', entries: 3, delegatesPaid: 2 });
    expect(await credited(db, h)).toEqual({ [A]: 90_000n, [B]: 270_000n, pool_fee: 640_000n });
    expect(await blockRuleEffects(db, h, 1)).toEqual([{ address: C, rule: 'excluded', weightSats: 600n, amountSats: 540_000n, feeBps: null }]);
    expect(await firstBlockTerms(db, h)).toEqual({ poolFeeBps: FEE, rulesVersion: rules.version, rulesJson: rules.canonicalJson, application: 1 });
    // The pool_reward message keeps its fields: the pool fee is the block's pool_fee entry, W the snapshot's.
    expect((await outbox(db)).map((m) => m.payload)).toEqual([
      { height: 1, blockHash: h, rewardSats: '1000000', poolFeeSats: '640000', delegatesPaid: 2, poolWeightSats: '1000' },
    ]);
    expect((await getBalance(db, C)).balanceSats).toBe(0n);
  });

  it('exclusion, leftover redistribute: D = 900,000 over A and B (W = 400): 225,000 and 675,000; the statement says W = 400', async () => {
    const h = await pool('x2', 1);
    await db.query(`UPDATE blocks SET block_time = '2026-11-28T10:00:00Z' WHERE hash = $1`, [h]);
    await applyBlock(db, h, { poolFeeBps: FEE, rules: loaded({ leftover: 'redistribute', exclude: [{ address: C }] }) });
    expect(await credited(db, h)).toEqual({ [A]: 225_000n, [B]: 675_000n, pool_fee: 100_000n });
    expect(await blockRuleEffects(db, h, 1)).toEqual([{ address: C, rule: 'excluded', weightSats: 600n, amountSats: 540_000n, feeBps: null }]);
    // A delegate checks its share from its statement: 100 x (1,000,000 - 100,000) / 400 = 225,000.
    const range = parseReportRange('2026-11-28', '2026-11-28');
    expect((await delegateStatement(db, A, range)).blocks.map((b) => [b.weightSats, b.poolWeightSats, b.sharedPoolWeightSats, b.poolFeeBps, b.shareSats]))
      .toEqual([['100', '1000', '400', FEE, '225000']]);
  });

  it('exclusion, leftover pool: the statement\'s shared weight is all of W (the withheld part went to the pool fee)', async () => {
    const h = await pool('x3', 1);
    await db.query(`UPDATE blocks SET block_time = '2026-11-28T10:00:00Z' WHERE hash = $1`, [h]);
    await applyBlock(db, h, { poolFeeBps: FEE, rules: loaded({ leftover: 'pool', exclude: [{ address: C }] }) });
    const range = parseReportRange('2026-11-28', '2026-11-28');
    expect((await delegateStatement(db, A, range)).blocks.map((b) => [b.poolWeightSats, b.sharedPoolWeightSats, b.shareSats])).toEqual([['1000', '1000', '90000']]);
  });

  it('minimum weight 301, leftover pool: A and B below it, their 90,000 + 270,000 to the pool fee (460,000)', async () => {
    const h = await pool('m1', 1);
    await applyBlock(db, h, { poolFeeBps: FEE, rules: loaded({ leftover: 'pool', minWeightSats: 301n }) });
    expect(await credited(db, h)).toEqual({ [C]: 540_000n, pool_fee: 460_000n });
    expect((await blockRuleEffects(db, h, 1)).map((e) => [e.address, e.rule, e.amountSats])).toEqual(
      [[A, 'below_minimum', 90_000n], [B, 'below_minimum', 270_000n]].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)));
  });

  it('minimum weight 301, leftover redistribute: nobody eligible but C, who gets all of D', async () => {
    const h = await pool('m2', 1);
    await applyBlock(db, h, { poolFeeBps: FEE, rules: loaded({ leftover: 'redistribute', minWeightSats: 301n }) });
    expect(await credited(db, h)).toEqual({ [C]: 900_000n, pool_fee: 100_000n });
  });

  it('fee override: B at 5 % gets floor(300,000 * 500 / 10,000) = 15,000 more, the pool fee 15,000 less; the statement shows it', async () => {
    const h = await pool('f1', 1);
    await db.query(`UPDATE blocks SET block_time = '2026-11-28T10:00:00Z' WHERE hash = $1`, [h]);
    await applyBlock(db, h, { poolFeeBps: FEE, rules: loaded({ feeOverrides: [{ address: B, feeBps: 500 }] }) });
    expect(await credited(db, h)).toEqual({ [A]: 90_000n, [B]: 285_000n, [C]: 540_000n, pool_fee: 85_000n });
    expect(await blockRuleEffects(db, h, 1)).toEqual([{ address: B, rule: 'fee_override', weightSats: 300n, amountSats: 15_000n, feeBps: 500 }]);
    const range = parseReportRange('2026-11-28', '2026-11-28');
    expect((await delegateStatement(db, B, range)).blocks.map((b) => [b.shareSats, b.rulesApplied])).toEqual([['285000', 'fee_override 500bps +15000']]);
    expect((await delegateStatement(db, A, range)).blocks.map((b) => [b.shareSats, b.rulesApplied])).toEqual([['90000', '']]);
  });

  it('a rules change between two blocks does not change the earlier block; each block keeps its own terms', async () => {
    const h1 = await pool('c1', 1);
    const h2 = await pool('c2', 2);
    const first = loaded({ leftover: 'pool', exclude: [{ address: C }] });
    await applyBlock(db, h1, { poolFeeBps: FEE, rules: first });
    const before = await entriesOf(db, h1);
    const second = loaded({ leftover: 'redistribute', feeOverrides: [{ address: A, feeBps: 0 }] });
    await applyBlock(db, h2, { poolFeeBps: 2_000, rules: second });
    expect(await entriesOf(db, h1)).toEqual(before);
    // Block 2 at 20 %: F = 200,000, D = 800,000 -> A 80,000, B 240,000, C 480,000; A at 0 %: g_A = 100,000,
    // adjust = floor(100,000 * 2,000 / 10,000) = 20,000 -> A 100,000, pool fee 180,000.
    expect(await credited(db, h2)).toEqual({ [A]: 100_000n, [B]: 240_000n, [C]: 480_000n, pool_fee: 180_000n });
    expect((await firstBlockTerms(db, h1))?.rulesVersion).toBe(first.version);
    expect(await firstBlockTerms(db, h2)).toMatchObject({ poolFeeBps: 2_000, rulesVersion: second.version });
    expect((await db.query('SELECT version FROM rules_versions')).rowCount).toBe(2);
    // Stored history is append-only, for every role (the owner too).
    await expect(db.query('UPDATE rules_versions SET canonical_json = $1', ['{}'])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM block_rule_effects')).rejects.toThrow(/append-only/);
  });

  it('A->B->A: the re-application reuses the first terms, whatever fee and rules are configured now', async () => {
    const h = await pool('r1', 1);
    const rules = loaded({ leftover: 'pool', exclude: [{ address: C }], feeOverrides: [{ address: B, feeBps: 500 }] });
    await applyBlock(db, h, { poolFeeBps: FEE, rules });
    // A 90,000; B 270,000 + floor(300,000 * 500 / 10,000) = 285,000; pool 100,000 + 540,000 - 15,000 = 625,000.
    const expected = { [A]: 90_000n, [B]: 285_000n, pool_fee: 625_000n };
    expect(await credited(db, h, 1)).toEqual(expected);
    await orphan(db, h);
    expect(await reverseBlock(db, h)).toMatchObject({ outcome: 'reversed' });
    await db.query(`UPDATE blocks SET on_main_chain = true, status = 'snapshotted' WHERE hash = $1`, [h]);
    expect(await applyBlock(db, h, { poolFeeBps: 0, rules: null })).toMatchObject({ outcome: 'applied', application: 2 });
    expect(await credited(db, h, 2)).toEqual(expected);
    expect(await blockRuleEffects(db, h, 2)).toEqual(await blockRuleEffects(db, h, 1));
    const terms = await db.query<{ application: number; pool_fee_bps: number; rules_version: string }>(
      'SELECT application, pool_fee_bps, rules_version FROM block_applications WHERE block_hash = $1 ORDER BY application', [h]);
    expect(terms.rows.map((r) => [Number(r.application), Number(r.pool_fee_bps), r.rules_version])).toEqual([[1, FEE, rules.version], [2, FEE, rules.version]]);
    expect((await getBalance(db, B)).balanceSats).toBe(285_000n);
  });

  it('rules file: a bad file fails the start listing every problem; SIGHUP with a bad file keeps the rules and alerts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accrual-rules-'));
    const file = path.join(dir, 'rules.yaml');
    const lines: string[] = [];
    const log = createLogger({ name: 'test', destination: { write: (l: string) => { lines.push(l); } } });
    try {
      fs.writeFileSync(file, 'version: 3\nleftover: burn\n');
      const err = (() => { try { createAccrualRules({ PPM_RULES_FILE: file, PPM_NETWORK: 'regtest' }, db, log); } catch (e) { return e; } return undefined; })();
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([expect.stringContaining('version: must be 1'), expect.stringContaining('leftover: must be "pool" or "redistribute"')]);

      fs.writeFileSync(file, `version: 1\nleftover: pool\nexclude: [{ address: ${C} }]\n`);
      const rules = createAccrualRules({ PPM_RULES_FILE: file, PPM_NETWORK: 'regtest' }, db, log);
      const v1 = rules.current()!.version;
      expect(lines.some((l) => l.includes('"msg":"rules_loaded"') && l.includes(v1))).toBe(true);
      fs.writeFileSync(file, 'version: 1\nleftover: nowhere\nminWeightSats: -5\n');
      expect(await rules.reload()).toEqual({ ok: false, version: v1 });
      expect(rules.current()!.version).toBe(v1);
      const alerts = await outbox(db);
      expect(alerts.map((m) => [m.kind, m.severity])).toEqual([['rules_reload_failed', 'warning']]);
      expect(alerts[0]!.payload).toMatchObject({ service: 'accrual', file, keptVersion: v1 });
      expect(alerts[0]!.payload.problems).toHaveLength(2);
      expect(lines.filter((l) => l.includes('rules reload refused'))).toHaveLength(2);

      fs.writeFileSync(file, 'version: 1\nleftover: redistribute\n');
      const good = await rules.reload();
      expect(good.ok).toBe(true);
      expect(good.version).not.toBe(v1);
      expect(rules.current()!.rules.leftover).toBe('redistribute');
      expect(lines.filter((l) => l.includes('"msg":"rules_loaded"') && l.includes(good.version!))).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
