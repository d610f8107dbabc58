import { getBalance, getBalances, getPoolStats, getRewards, type Db } from '@ppm/ledger';
import { PermanentError, RetryableError } from '@ppm/runtime';
import { withTestDbs } from '@ppm/testkit';
import { addBlock, address, blockHash, entriesOf, orphan, outbox, statusOf } from '../test/chain-fixture';
import { applyBlock } from './apply.job';
import { derivePendingWork } from './recover';
import { reverseBlock } from './reverse.job';

const A = address('alice');
const B = address('bob');
const OPTS = { poolFeeBps: 1_000 };

withTestDbs('accrual reverseBlock', (t) => {
  let db: Db;
  beforeEach(async () => {
    db = await t.fresh();
  });

  /** Branch a: pool block 10 (R 1,000: F 100, D 900 -> A 300, B 600) and self block 11 (R 50). */
  async function branchA(): Promise<{ a10: string; a11: string }> {
    const a10 = blockHash('a10');
    const a11 = blockHash('a11');
    await addBlock(db, { height: 10, hash: a10, kind: 'pool', rewardSats: 1_000n, weights: [{ address: A, weightSats: 1n }, { address: B, weightSats: 2n }] });
    await addBlock(db, { height: 11, hash: a11, kind: 'self', rewardSats: 50n });
    await applyBlock(db, a10, OPTS);
    await applyBlock(db, a11, OPTS);
    return { a10, a11 };
  }

  it('negates every entry of an orphaned block, once, and the new branch is applied after it', async () => {
    const { a10, a11 } = await branchA();
    expect((await getBalance(db, B)).balanceSats).toBe(600n);

    // Reorg: 10 and 11 leave the main chain; the new branch has a pool block 10' (R 2,000, only A) and 11'.
    await orphan(db, a10);
    await orphan(db, a11);
    const b10 = blockHash('b10');
    const b11 = blockHash('b11');
    await addBlock(db, { height: 10, hash: b10, kind: 'pool', rewardSats: 2_000n, weights: [{ address: A, weightSats: 5n }] });
    await addBlock(db, { height: 11, hash: b11, kind: 'foreign', rewardSats: 2_000n });

    // Reversals first: the new branch waits.
    await expect(applyBlock(db, b10, OPTS)).rejects.toThrow(RetryableError);

    expect(await reverseBlock(db, a11)).toEqual({ outcome: 'reversed', height: 11, entries: 1, reversedSats: 50n, application: 1 });
    expect(await reverseBlock(db, a10)).toEqual({ outcome: 'reversed', height: 10, entries: 3, reversedSats: 1_000n, application: 1 });
    expect(await reverseBlock(db, a10)).toMatchObject({ outcome: 'already-reversed', entries: 0 });
    expect(await statusOf(db, a10)).toBe('reversed');

    const e = await entriesOf(db, a10);
    expect(e.filter((x) => x.kind === 'reversal').map((x) => [x.address, x.amountSats])).toEqual(
      e.filter((x) => x.kind !== 'reversal').map((x) => [x.address, -x.amountSats]),
    );
    expect((await getBalances(db)).map((b) => b.balanceSats)).toEqual([0n, 0n]);
    expect((await getPoolStats(db)).totals).toMatchObject({ poolFeeSats: 0n, selfRevenueSats: 0n, accruedSats: 0n });

    const reorg = (await outbox(db)).filter((m) => m.kind === 'reorg_reversal');
    expect(reorg.map((m) => [m.severity, m.payload])).toEqual([
      ['warning', { height: 11, blockHash: a11, kind: 'self', reversedSats: '50', entries: 1 }],
      ['warning', { height: 10, blockHash: a10, kind: 'pool', reversedSats: '1000', entries: 3 }],
    ]);

    // The new branch: F = 200, A gets 1,800.
    await applyBlock(db, b10, OPTS);
    await applyBlock(db, b11, OPTS);
    expect((await getBalance(db, A)).balanceSats).toBe(1_800n);
    expect((await getBalance(db, B)).balanceSats).toBe(0n);
    expect((await getRewards(db)).map((r) => r.blockHash)).toEqual([b10]);
    // An orphaned, reversed block is never applied again.
    expect(await applyBlock(db, a10, OPTS)).toMatchObject({ outcome: 'already-reversed' });
  });

  it('is a no-op for blocks never applied or still on the main chain, permanent for unknown blocks', async () => {
    const h = blockHash('n1');
    await addBlock(db, { height: 1, hash: h, kind: 'self', rewardSats: 5n });
    await orphan(db, h);
    expect(await reverseBlock(db, h)).toMatchObject({ outcome: 'not-applied', entries: 0 });
    expect(await statusOf(db, h)).toBe('snapshotted');

    const m = blockHash('m1');
    await addBlock(db, { height: 1, hash: m, kind: 'self', rewardSats: 5n });
    await applyBlock(db, m, OPTS);
    expect(await reverseBlock(db, m)).toEqual({ outcome: 'on-main-chain', height: 1, entries: 0, reversedSats: 0n, application: 1 });
    expect(await statusOf(db, m)).toBe('applied');
    expect((await entriesOf(db, m)).map((e) => e.kind)).toEqual(['self_revenue']);
    await expect(reverseBlock(db, blockHash('nope'))).rejects.toThrow(PermanentError);
  });

  it('a reverse job for a block back on the main chain (A->B->A) before it ran is a no-op', async () => {
    const { a10, a11 } = await branchA();
    // The chain-watcher orphans 10-11 and enqueues their reversals; before accrual runs them the node switches
    // back to branch a (the other branch never got a block stored here).
    await orphan(db, a11);
    await orphan(db, a10);
    await db.query('UPDATE blocks SET on_main_chain = true WHERE hash = ANY($1::text[])', [[a10, a11]]);

    expect(await reverseBlock(db, a11)).toMatchObject({ outcome: 'on-main-chain', height: 11, entries: 0 });
    expect(await reverseBlock(db, a10)).toMatchObject({ outcome: 'on-main-chain', height: 10, entries: 0 });
    expect(await statusOf(db, a10)).toBe('applied');
    expect(await statusOf(db, a11)).toBe('applied');
    expect((await entriesOf(db, a10)).filter((e) => e.kind === 'reversal')).toEqual([]);
    expect((await getBalance(db, A)).balanceSats).toBe(300n);
    expect((await getBalance(db, B)).balanceSats).toBe(600n);
    expect((await outbox(db)).filter((m) => m.kind === 'reorg_reversal')).toEqual([]);
    // Later heights are not held up.
    const a12 = blockHash('a12');
    await addBlock(db, { height: 12, hash: a12, kind: 'self', rewardSats: 7n });
    expect(await applyBlock(db, a12, OPTS)).toMatchObject({ outcome: 'applied' });
  });

  it('re-reads the chain state under the row lock: a flip back to the main chain committed meanwhile wins', async () => {
    const { a10 } = await branchA();
    await orphan(db, a10);
    let reversal: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      // The chain-watcher's reorg transaction holds the block's row while accrual's reverse job starts.
      await tx.query('SELECT 1 FROM blocks WHERE hash = $1 FOR UPDATE', [a10]);
      await tx.query('UPDATE blocks SET on_main_chain = true WHERE hash = $1', [a10]);
      reversal = reverseBlock(db, a10);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    expect(await reversal).toMatchObject({ outcome: 'on-main-chain', entries: 0 });
    expect(await statusOf(db, a10)).toBe('applied');
    expect((await entriesOf(db, a10)).filter((e) => e.kind === 'reversal')).toEqual([]);
  });

  it('a reversed block back on the main chain (A->B->A) is applied again as application 2, append-only', async () => {
    const { a10, a11 } = await branchA();
    await orphan(db, a11);
    await orphan(db, a10);
    expect(await reverseBlock(db, a11)).toMatchObject({ outcome: 'reversed', application: 1 });
    expect(await reverseBlock(db, a10)).toMatchObject({ outcome: 'reversed', application: 1 });
    // Off the main chain, a reversed block is not applied (a late delivery).
    expect(await applyBlock(db, a10, OPTS)).toMatchObject({ outcome: 'already-reversed', entries: 0 });
    // A->B->A after the reversals ran: both are on the main chain again (the chain-watcher marks them
    // snapshotted), and block 12 arrives.
    await db.query(`UPDATE blocks SET on_main_chain = true, status = 'snapshotted' WHERE hash = $1`, [a10]);
    await db.query(`UPDATE blocks SET on_main_chain = true WHERE hash = $1`, [a11]); // left reversed: applied again too
    const a12 = blockHash('a12');
    await addBlock(db, { height: 12, hash: a12, kind: 'self', rewardSats: 7n });
    expect((await derivePendingWork(db)).apply).toEqual([
      { height: 10, hash: a10, application: 2 }, { height: 11, hash: a11, application: 2 }, { height: 12, hash: a12, application: 1 },
    ]);
    await expect(applyBlock(db, a12, OPTS)).rejects.toThrow(`waits for block 10 ${a10} (status snapshotted): strict height order`);
    expect(await applyBlock(db, a10, OPTS)).toMatchObject({ outcome: 'applied', application: 2, entries: 3 });
    expect(await applyBlock(db, a10, OPTS)).toMatchObject({ outcome: 'already-applied', application: 2, entries: 0 });
    expect(await applyBlock(db, a11, OPTS)).toMatchObject({ outcome: 'applied', application: 2, entries: 1 });
    expect(await applyBlock(db, a12, OPTS)).toMatchObject({ outcome: 'applied', application: 1 });
    // The ledger equals an uninterrupted run: A 300, B 600, fee 100 + self 50 + 7.
    expect((await getBalance(db, A)).balanceSats).toBe(300n);
    expect((await getBalance(db, B)).balanceSats).toBe(600n);
    expect((await getPoolStats(db)).totals).toMatchObject({ poolFeeSats: 100n, selfRevenueSats: 57n, accruedSats: 900n });
    // The reward listing shows the block's current application only (not application 1 and 2 together).
    const pool10 = (await getRewards(db)).find((r) => r.blockHash === a10)!;
    expect(pool10.poolFeeSats).toBe(100n);
    expect(pool10.shares.map((x) => [x.address, x.shareSats])).toEqual([[A, 300n], [B, 600n]].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)));
    // Append-only: application 1, its reversal, application 2.
    const e = await db.query<{ kind: string; application: number; amount_sats: string }>(
      'SELECT kind, application, amount_sats::text FROM ledger_entries WHERE block_hash = $1 ORDER BY id', [a11]);
    expect(e.rows.map((x) => [x.kind, x.application, x.amount_sats])).toEqual([['self_revenue', 1, '50'], ['reversal', 1, '-50'], ['self_revenue', 2, '50']]);
    const apps = await db.query<{ application: number }>('SELECT application FROM block_applications WHERE block_hash = $1 ORDER BY application', [a10]);
    expect(apps.rows.map((x) => x.application)).toEqual([1, 2]);
    const revs = await db.query<{ application: number }>('SELECT application FROM block_reversals WHERE block_hash = $1', [a10]);
    expect(revs.rows.map((x) => x.application)).toEqual([1]);
    // Messages: one per application, distinct dedupe keys.
    const rewards = (await outbox(db)).filter((m) => m.kind === 'self_reward' && (m.payload as { blockHash: string }).blockHash === a11);
    expect(rewards).toHaveLength(2);
    // The unique index still refuses a second credit within one application.
    await expect(db.query(`INSERT INTO ledger_entries (kind, amount_sats, block_hash, height, application) VALUES ('self_revenue', 50, $1, 11, 2)`, [a11])).rejects.toThrow();

    // B again: application 2 is reversed (its own reversal and message), then A returns a third time.
    await orphan(db, a12);
    await orphan(db, a11);
    expect(await reverseBlock(db, a12)).toMatchObject({ outcome: 'reversed', application: 1 });
    expect(await reverseBlock(db, a11)).toMatchObject({ outcome: 'reversed', application: 2, reversedSats: 50n });
    expect((await getPoolStats(db)).totals).toMatchObject({ selfRevenueSats: 0n });
    await db.query(`UPDATE blocks SET on_main_chain = true WHERE hash = ANY($1)`, [[a11, a12]]);
    expect(await applyBlock(db, a11, OPTS)).toMatchObject({ outcome: 'applied', application: 3 });
    expect(await applyBlock(db, a12, OPTS)).toMatchObject({ outcome: 'applied', application: 2 });
    expect((await getPoolStats(db)).totals).toMatchObject({ selfRevenueSats: 57n });
    expect((await outbox(db)).filter((m) => m.kind === 'reorg_reversal')).toHaveLength(4);
  });

  it('a reversal of shares already paid out leaves a debt (negative balance) carried forward', async () => {
    const { a10, a11 } = await branchA();
    // The payout service paid B's 600 (reserve then paid, as payout entries are written).
    await db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, payout_batch_id) VALUES ('payout_reserve', $1, 600, 'batch-1'), ('payout_paid', $1, 600, 'batch-1')`, [B]);
    expect((await getBalance(db, B))).toMatchObject({ accruedSats: 600n, paidSats: 600n, inFlightSats: 0n, balanceSats: 0n });
    await orphan(db, a11);
    await orphan(db, a10);
    await reverseBlock(db, a11);
    await reverseBlock(db, a10);
    expect(await getBalance(db, B)).toEqual({ address: B, accruedSats: 0n, paidSats: 600n, inFlightSats: 0n, balanceSats: -600n });
  });
});
