import { getBalance, getBalances, getRewards, toRewardsJson, type Db } from '@ppm/ledger';
import { PermanentError, RetryableError } from '@ppm/runtime';
import { withTestDbs } from '@ppm/testkit';
import { addBlock, address, blockHash, entriesOf, outbox, statusOf } from '../test/chain-fixture';
import { ConservationError } from '../domain/block-entries';
import { applyBlock } from './apply.job';

const A = address('alice');
const B = address('bob');
const C = address('carol');
const QTUM = 100_000_000n;

withTestDbs('accrual applyBlock', (t) => {
  let db: Db;
  beforeEach(async () => {
    db = await t.fresh();
  });

  it('pool block with a 2.5 % fee: shares by weight, fee entry, pool_reward message, status applied', async () => {
    // R = 4 QTUM; F = 4e8 * 250 / 1e4 = 10,000,000; D = 390,000,000; weights 1:3 (C has 0) -> 97,500,000 and 292,500,000.
    const h = blockHash('a100');
    await addBlock(db, { height: 100, hash: h, kind: 'pool', rewardSats: 4n * QTUM, weights: [
      { address: A, weightSats: 100n * QTUM }, { address: B, weightSats: 300n * QTUM }, { address: C, weightSats: 0n }] });
    const r = await applyBlock(db, h, { poolFeeBps: 250 });
    expect(r).toMatchObject({ outcome: 'applied', kind: 'pool', height: 100, entries: 3, delegatesPaid: 2 });
    expect(await statusOf(db, h)).toBe('applied');
    expect((await getBalance(db, A)).balanceSats).toBe(97_500_000n);
    expect((await getBalance(db, B)).balanceSats).toBe(292_500_000n);
    expect((await getBalance(db, C)).balanceSats).toBe(0n);
    expect(await entriesOf(db, h)).toEqual(expect.arrayContaining([{ kind: 'pool_fee', address: null, amountSats: 10_000_000n }]));
    const msgs = await outbox(db);
    expect(msgs).toEqual([{
      kind: 'pool_reward', severity: 'info', dedupe_key: `pool_reward:${h}`,
      payload: { height: 100, blockHash: h, rewardSats: '400000000', poolFeeSats: '10000000', delegatesPaid: 2, poolWeightSats: '40000000000' },
    }]);
    expect(toRewardsJson(await getRewards(db))).toEqual([{
      height: 100, blockHash: h, rewardSats: '400000000', poolFeeSats: '10000000', poolWeightSats: '40000000000',
      shares: [
        { address: A, weightSats: '10000000000', shareSats: '97500000' },
        { address: B, weightSats: '30000000000', shareSats: '292500000' },
      ].sort((x, y) => (x.address < y.address ? -1 : 1)),
    }]);
  });

  it('leftover satoshis go to the largest remainders, ties to the smaller address', async () => {
    // R = 1,000 over equal weights 1,1,1: 333 each and 1 left over, to the smallest of the three addresses.
    const h = blockHash('b1');
    await addBlock(db, { height: 1, hash: h, kind: 'pool', rewardSats: 1_000n, weights: [
      { address: A, weightSats: 1n }, { address: B, weightSats: 1n }, { address: C, weightSats: 1n }] });
    await applyBlock(db, h, { poolFeeBps: 0 });
    const smallest = [A, B, C].sort()[0];
    const balances = await getBalances(db);
    expect(balances.map((b) => [b.address, b.balanceSats])).toEqual(
      [A, B, C].sort().map((a) => [a, a === smallest ? 334n : 333n]),
    );
  });

  it('self block: self_revenue = R and a self_reward message; foreign block: no entries', async () => {
    const s = blockHash('s5');
    const f = blockHash('f6');
    await addBlock(db, { height: 5, hash: s, kind: 'self', rewardSats: 4n * QTUM });
    await addBlock(db, { height: 6, hash: f, kind: 'foreign', rewardSats: 4n * QTUM });
    expect(await applyBlock(db, s, { poolFeeBps: 500 })).toMatchObject({ outcome: 'applied', entries: 1 });
    expect(await applyBlock(db, f, { poolFeeBps: 500 })).toMatchObject({ outcome: 'applied', entries: 0 });
    expect(await entriesOf(db, s)).toEqual([{ kind: 'self_revenue', address: null, amountSats: 400_000_000n }]);
    expect(await entriesOf(db, f)).toEqual([]);
    expect(await statusOf(db, f)).toBe('applied');
    expect((await outbox(db)).map((m) => [m.kind, m.payload])).toEqual([
      ['self_reward', { height: 5, blockHash: s, rewardSats: '400000000' }],
    ]);
    expect(await getBalances(db)).toEqual([]);
    // Self blocks appear in the rewards list with no shares; foreign blocks do not.
    expect(toRewardsJson(await getRewards(db))).toEqual([
      { height: 5, blockHash: s, rewardSats: '400000000', poolFeeSats: '0', poolWeightSats: '0', shares: [] },
    ]);
  });

  it('W == 0: the reward is unallocated and the operator is warned', async () => {
    // R = 1,001, fee 10 % -> F = 100, D = 901 unallocated.
    const h = blockHash('z9');
    await addBlock(db, { height: 9, hash: h, kind: 'pool', rewardSats: 1_001n, weights: [{ address: A, weightSats: 0n }] });
    await applyBlock(db, h, { poolFeeBps: 1_000 });
    expect(await entriesOf(db, h)).toEqual([
      { kind: 'pool_fee', address: null, amountSats: 100n },
      { kind: 'unallocated', address: null, amountSats: 901n },
    ]);
    const msgs = await outbox(db);
    expect(msgs.map((m) => [m.kind, m.severity])).toEqual([['pool_reward', 'info'], ['unallocated_reward', 'warning']]);
    expect(msgs[1]!.payload).toEqual({ height: 9, blockHash: h, amountSats: '901' });
    expect(await getBalances(db)).toEqual([]);
  });

  it('a second delivery (sequential or concurrent) credits nothing more', async () => {
    const h = blockHash('d1');
    await addBlock(db, { height: 1, hash: h, kind: 'pool', rewardSats: 500n, weights: [{ address: A, weightSats: 7n }] });
    const both = await Promise.all([applyBlock(db, h, { poolFeeBps: 0 }), applyBlock(db, h, { poolFeeBps: 0 })]);
    expect(both.map((r) => r.outcome).sort()).toEqual(['already-applied', 'applied']);
    expect(await applyBlock(db, h, { poolFeeBps: 0 })).toMatchObject({ outcome: 'already-applied', entries: 0 });
    expect((await getBalance(db, A)).balanceSats).toBe(500n);
    expect(await entriesOf(db, h)).toHaveLength(1);
    expect(await outbox(db)).toHaveLength(1);
  });

  it('refuses out-of-order and unready blocks (retryable), and blocks off the main chain (permanent)', async () => {
    const h1 = blockHash('o1');
    const h2 = blockHash('o2');
    const h3 = blockHash('o3');
    await addBlock(db, { height: 1, hash: h1, kind: 'self', rewardSats: 10n });
    await addBlock(db, { height: 2, hash: h2, kind: 'self', rewardSats: 20n });
    await addBlock(db, { height: 3, hash: h3, status: 'seen' });
    await expect(applyBlock(db, h2, { poolFeeBps: 0 })).rejects.toThrow(RetryableError);
    await expect(applyBlock(db, h2, { poolFeeBps: 0 })).rejects.toThrow(/waits for block 1/);
    await expect(applyBlock(db, h3, { poolFeeBps: 0 })).rejects.toThrow(/not snapshotted/);
    await expect(applyBlock(db, blockHash('unknown'), { poolFeeBps: 0 })).rejects.toThrow(RetryableError);
    expect(await entriesOf(db, h2)).toEqual([]);
    await applyBlock(db, h1, { poolFeeBps: 0 });
    await applyBlock(db, h2, { poolFeeBps: 0 });
    expect(await statusOf(db, h2)).toBe('applied');
    await db.query('UPDATE blocks SET on_main_chain = false, status = $2 WHERE hash = $1', [h3, 'snapshotted']);
    await expect(applyBlock(db, h3, { poolFeeBps: 0 })).rejects.toThrow(PermanentError);
  });

  it('conservation: entries that do not add up to R roll the whole application back', async () => {
    const h = blockHash('c1');
    await addBlock(db, { height: 1, hash: h, kind: 'pool', rewardSats: 1_000n, weights: [{ address: A, weightSats: 1n }] });
    // A stray pool-level entry on the block (a bug elsewhere) makes the stored sum R + 5.
    await db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, block_hash, height) VALUES ('unallocated', NULL, 5, $1, 1)`, [h]);
    const err = await applyBlock(db, h, { poolFeeBps: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConservationError);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/sum to 1005 sat, expected exactly 1000/);
    expect(await statusOf(db, h)).toBe('snapshotted');
    expect((await getBalance(db, A)).balanceSats).toBe(0n);
    expect(await outbox(db)).toEqual([]);
  });

  it('balances: amounts reserved for a payout are in flight until paid or released', async () => {
    const h = blockHash('p1');
    await addBlock(db, { height: 1, hash: h, kind: 'pool', rewardSats: 1_000n, weights: [{ address: A, weightSats: 1n }] });
    await applyBlock(db, h, { poolFeeBps: 0 });
    await db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, payout_batch_id) VALUES ('payout_reserve', $1, 1000, 'b1')`, [A]);
    expect(await getBalance(db, A)).toEqual({ address: A, accruedSats: 1_000n, paidSats: 0n, inFlightSats: 1_000n, balanceSats: 0n });
    await db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, payout_batch_id) VALUES ('payout_release', $1, 1000, 'b1')`, [A]);
    expect(await getBalance(db, A)).toEqual({ address: A, accruedSats: 1_000n, paidSats: 0n, inFlightSats: 0n, balanceSats: 1_000n });
  });

  it('refuses a snapshot that disagrees with its block', async () => {
    const h = blockHash('m1');
    await addBlock(db, { height: 1, hash: h, kind: 'pool', rewardSats: 1_000n, weights: [{ address: A, weightSats: 1n }] });
    await db.query('UPDATE blocks SET reward_sats = 999 WHERE hash = $1', [h]);
    await expect(applyBlock(db, h, { poolFeeBps: 0 })).rejects.toThrow(/snapshot reward 1000 != block reward 999/);
  });
});
