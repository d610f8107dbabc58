import type { Db } from '@ppm/ledger';
import { withTestDbs } from '@ppm/testkit';
import type { PayoutRules } from '../rules/payout-rules';
import { positions } from '../test/seed';
import { readUnsplitPoolFee, writeFeeSplit } from './fee-split.repo';

const X = 'qXsplitSeventy';
const Y = 'qYsplitThirty';
const RULES: PayoutRules = {
  version: 'test', redirects: new Map(), excluded: new Map(),
  poolFeeSplit: [{ address: X, bps: 7000 }, { address: Y, bps: 3000 }],
};

/** A pool block's pool_fee entry (pool-level) at `height`; returns its id. */
async function poolFee(db: Db, height: number, sats: bigint): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO ledger_entries (kind, address, amount_sats, height) VALUES ('pool_fee', NULL, $1, $2) RETURNING id::text AS id`,
    [sats.toString(), height]);
  return r.rows[0]!.id;
}

/** The reorg's reversal of entry `id` (same height, as accrual writes it). */
async function reverse(db: Db, id: string): Promise<void> {
  await db.query(
    `INSERT INTO ledger_entries (kind, address, amount_sats, height, reverses_entry_id)
     SELECT 'reversal', NULL, -amount_sats, height, id FROM ledger_entries WHERE id = $1`, [id]);
}

const shares = async (db: Db) => {
  const p = await positions(db);
  return { X: p.get(X)?.accrued ?? 0n, Y: p.get(Y)?.accrued ?? 0n };
};

withTestDbs('pool fee split', (t) => {
  it('a reorg that takes back fee already split is netted against the next fees: the split never exceeds the net fee', async () => {
    const db = await t.fresh();
    const a = await poolFee(db, 100, 1_000n);
    await poolFee(db, 101, 500n);
    // Cycle 1 at cut 101: 1,500 split 70/30.
    expect(await db.transaction((tx) => writeFeeSplit(tx, RULES, 101))).toEqual([{ address: X, amountSats: 1_050n }, { address: Y, amountSats: 450n }]);
    expect(await readUnsplitPoolFee(db, 101)).toBe(0n);
    // A reorg reverses block 100 (its 1,000 of fee was split already): a deficit, nothing to split.
    await reverse(db, a);
    expect(await readUnsplitPoolFee(db, 105)).toBe(-1_000n);
    expect(await db.transaction((tx) => writeFeeSplit(tx, RULES, 105))).toEqual([]);
    // New fees first fill the deficit...
    await poolFee(db, 104, 600n);
    expect(await db.transaction((tx) => writeFeeSplit(tx, RULES, 105))).toEqual([]);
    expect(await readUnsplitPoolFee(db, 105)).toBe(-400n);
    // ...and only what exceeds it is split.
    await poolFee(db, 106, 1_401n);
    await poolFee(db, 200, 9_999n);
    expect(await db.transaction((tx) => writeFeeSplit(tx, RULES, 106))).toEqual([{ address: X, amountSats: 701n }, { address: Y, amountSats: 300n }]);
    // Over the whole history the split addresses received exactly the net pool fee up to the cut: 500 + 600 + 1,401.
    const s = await shares(db);
    expect(s.X + s.Y).toBe(2_501n);
    expect(s).toEqual({ X: 1_751n, Y: 750n });
    // A block above the cut is not split yet; a second call at the same cut writes nothing.
    expect(await db.transaction((tx) => writeFeeSplit(tx, RULES, 106))).toEqual([]);
  });

  it('without a split in the rules nothing is moved', async () => {
    const db = await t.fresh();
    await poolFee(db, 100, 1_000n);
    expect(await db.transaction((tx) => writeFeeSplit(tx, { ...RULES, poolFeeSplit: [] }, 100))).toEqual([]);
    expect(await db.transaction((tx) => writeFeeSplit(tx, undefined, 100))).toEqual([]);
    expect(await readUnsplitPoolFee(db, 100)).toBe(1_000n);
  });
});
