import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { encodeAddress } from '@ppm/chain';
import {
  ImportRefusedError, PoolshareFileError, exportPoolshare, getBalance, getBalances, getDelegateShares, getPoolStats,
  getRewards, importPpmPoolshare, toRewardsJson, type Db,
} from '@ppm/ledger';
import { PermanentError } from '@ppm/runtime';
import { withTestDbs } from '@ppm/testkit';
import { applyBlock } from '../jobs/apply.job';
import { addBlock, address, blockHash } from '../test/chain-fixture';

const A = address('alice');
const B = address('bob');
const C = address('carol');
const OPTS = { poolFeeBps: 0 };

// The original's state file after block 99: B's zero line is kept by the original until a payout.
const FILE = [
  'block,99,poolbalance,1600,',
  'poolrevenue,-960000000.0000002,',
  `delegate,${A},poolshare,1000,`,
  `delegate,${B},poolshare,0,`,
  `delegate,${C},poolshare,500,`,
  '',
].join('\n');

withTestDbs('poolshare import/export and ledger read models', (t) => {
  let db: Db;
  let dir: string;
  beforeEach(async () => {
    db = await t.fresh();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ppm-poolshare-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('imports opening balances once, with provenance', async () => {
    const r = await importPpmPoolshare(db, FILE, { network: 'regtest', source: '/old/currentpoolshare.txt' });
    const sha = createHash('sha256').update(FILE).digest('hex');
    expect(r).toMatchObject({ fileSha256: sha, block: 99, delegates: 2, totalSats: 1_500n, poolBalanceSats: 1_600n, poolRevenueSats: -960_000_000n, poolBalanceGapSats: 100n });
    expect((await getBalances(db)).map((b) => [b.address, b.accruedSats, b.balanceSats])).toEqual(
      [[A, 1_000n, 1_000n], [C, 500n, 500n]].sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1)),
    );
    const imp = await db.query<{ source: string; file_sha256: string; block_height: number; total_sats: string }>('SELECT source, file_sha256, block_height, total_sats FROM ledger_imports');
    expect(imp.rows).toEqual([{ source: '/old/currentpoolshare.txt', file_sha256: sha, block_height: 99, total_sats: '1500' }]);
    const entries = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ledger_entries WHERE kind = 'opening_balance' AND import_id = $1`, [r.importId]);
    expect(entries.rows[0]!.n).toBe('2');
    const kv = await db.query<{ value: Record<string, unknown> }>(`SELECT value FROM kv WHERE key = 'import:ppm_poolshare'`);
    expect(kv.rows[0]!.value).toMatchObject({ fileSha256: sha, source: '/old/currentpoolshare.txt', block: 99, totalSats: '1500' });

    // A second import, of the same or of another file, is refused and changes nothing.
    await expect(importPpmPoolshare(db, FILE, { network: 'regtest', source: 'again' })).rejects.toThrow(ImportRefusedError);
    await expect(importPpmPoolshare(db, FILE.replace('1000', '7'), { network: 'regtest', source: 'other' })).rejects.toThrow(/already imported/);
    expect((await getBalance(db, A)).balanceSats).toBe(1_000n);
  });

  it('refuses a malformed file, listing every bad line, and writes nothing', async () => {
    const mainnet = encodeAddress('11'.repeat(20), 'mainnet');
    const bad = [
      'block,99,poolbalance,1600,',
      'poolrevenue,abc,',
      `delegate,${A},poolshare,1.5,`,
      `delegate,${mainnet},poolshare,10,`,
      `delegate,${B},poolshare,10`,
      `delegate,${A.slice(0, 33)},poolshare,10,`,
    ].join('\n');
    const err = await importPpmPoolshare(db, bad, { network: 'regtest', source: 'bad' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PoolshareFileError);
    expect((err as PoolshareFileError).problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
    expect((err as Error).message).toMatch(/line 4: .*not a regtest address/);
    expect(await getBalances(db)).toEqual([]);
    expect((await db.query('SELECT 1 FROM ledger_imports')).rowCount).toBe(0);
  });

  it('refuses an import whose block the ledger already applied, and accrual refuses blocks the import covers', async () => {
    const h = blockHash('x99');
    await addBlock(db, { height: 99, hash: h, kind: 'self', rewardSats: 5n });
    await applyBlock(db, h, OPTS);
    await expect(importPpmPoolshare(db, FILE, { network: 'regtest', source: 'late' })).rejects.toThrow(/already applied block 99/);

    const db2 = await t.fresh();
    await importPpmPoolshare(db2, FILE, { network: 'regtest', source: 'file' });
    const h2 = blockHash('y99');
    await addBlock(db2, { height: 99, hash: h2, kind: 'pool', rewardSats: 5n, weights: [{ address: A, weightSats: 1n }] });
    await expect(applyBlock(db2, h2, OPTS)).rejects.toThrow(PermanentError);
    await expect(applyBlock(db2, h2, OPTS)).rejects.toThrow(/imported pool share file/);
  });

  it('exports <height>poolshare.csv for every applied pool block in the original format; rewards, shares and stats agree', async () => {
    await importPpmPoolshare(db, FILE, { network: 'regtest', source: 'file' });
    const p100 = blockHash('p100');
    const s101 = blockHash('s101');
    const p102 = blockHash('p102');
    const f103 = blockHash('f103');
    // 100: R 3,000 over A:1, B:2 -> A 1,000, B 2,000. 101: self, R 50. Then A's 2,000 is paid out.
    // 102: R 300 over B:1, C:2 -> B 100, C 200. 103: foreign.
    await addBlock(db, { height: 100, hash: p100, kind: 'pool', rewardSats: 3_000n, weights: [{ address: A, weightSats: 1n }, { address: B, weightSats: 2n }] });
    await addBlock(db, { height: 101, hash: s101, kind: 'self', rewardSats: 50n });
    await addBlock(db, { height: 102, hash: p102, kind: 'pool', rewardSats: 300n, weights: [{ address: B, weightSats: 1n }, { address: C, weightSats: 2n }, { address: A, weightSats: 0n }] });
    await addBlock(db, { height: 103, hash: f103, kind: 'foreign', rewardSats: 400n });
    await applyBlock(db, p100, OPTS);
    await applyBlock(db, s101, OPTS);
    await db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, payout_batch_id) VALUES ('payout_reserve', $1, 2000, 'b1'), ('payout_paid', $1, 2000, 'b1')`, [A]);
    await applyBlock(db, p102, OPTS);
    await applyBlock(db, f103, OPTS);

    const out = await exportPoolshare(db, dir);
    expect(out.files.map((f) => path.basename(f))).toEqual(['100poolshare.csv', '102poolshare.csv']);
    expect((await fs.readdir(dir)).sort()).toEqual(['100poolshare.csv', '102poolshare.csv']);
    // Delegates in order of first appearance (A and C from the file, then B); zero balances dropped.
    expect(await fs.readFile(path.join(dir, '100poolshare.csv'), 'latin1')).toBe(
      `block,100,poolbalance,4500,\npoolrevenue,0,\ndelegate,${A},poolshare,2000,\ndelegate,${C},poolshare,500,\ndelegate,${B},poolshare,2000,\n`,
    );
    expect(await fs.readFile(path.join(dir, '102poolshare.csv'), 'latin1')).toBe(
      `block,102,poolbalance,2800,\npoolrevenue,50,\ndelegate,${C},poolshare,700,\ndelegate,${B},poolshare,2100,\n`,
    );

    expect(toRewardsJson(await getRewards(db, { from: 101, to: 102 }))).toEqual([
      { height: 101, blockHash: s101, rewardSats: '50', poolFeeSats: '0', poolWeightSats: '0', shares: [] },
      { height: 102, blockHash: p102, rewardSats: '300', poolFeeSats: '0', poolWeightSats: '3', shares: [
        { address: B, weightSats: '1', shareSats: '100' }, { address: C, weightSats: '2', shareSats: '200' },
      ].sort((x, y) => (x.address < y.address ? -1 : 1)) },
    ]);
    expect((await getRewards(db)).map((r) => r.height)).toEqual([100, 101, 102]);

    expect(await getDelegateShares(db, B, { limit: 10 })).toEqual([
      { height: 102, blockHash: p102, rewardSats: 300n, poolWeightSats: 3n, weightSats: 1n, shareSats: 100n },
      { height: 100, blockHash: p100, rewardSats: 3_000n, poolWeightSats: 3n, weightSats: 2n, shareSats: 2_000n },
    ]);
    expect(await getDelegateShares(db, B, { limit: 1 })).toHaveLength(1);
    expect(await getDelegateShares(db, A)).toHaveLength(1);

    expect(await getPoolStats(db)).toEqual({
      appliedHeight: 103,
      lastPoolBlock: { height: 102, blockHash: p102 },
      poolWeightSats: 3n,
      delegateCount: 2,
      knownDelegates: 3,
      poolBlocks: 2,
      selfBlocks: 1,
      totals: {
        poolRewardSats: 3_300n, selfRevenueSats: 50n, poolFeeSats: 0n, unallocatedSats: 0n,
        accruedSats: 4_800n, paidSats: 2_000n, inFlightSats: 0n, balanceSats: 2_800n,
      },
    });
  });

  it('an empty ledger has empty read models', async () => {
    expect(await getBalances(db)).toEqual([]);
    expect(await getRewards(db)).toEqual([]);
    expect((await exportPoolshare(db, dir)).files).toEqual([]);
    expect(await getPoolStats(db)).toMatchObject({ appliedHeight: null, lastPoolBlock: null, poolWeightSats: 0n, delegateCount: 0 });
    expect(await getBalance(db, A)).toEqual({ address: A, accruedSats: 0n, paidSats: 0n, inFlightSats: 0n, balanceSats: 0n });
  });
});
