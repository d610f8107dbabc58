import { withTestDbs } from '@ppm/testkit';
import { silentLogger } from '@ppm/runtime';
import type { Db } from '@ppm/ledger';
import { approve, PlanChangedError } from '../jobs/approve-plan';
import { planPayout, proposePlan } from '../jobs/propose-plan';
import { reservePlan } from '../jobs/reserve-plan';
import type { ExecSettings, PayoutContext } from '../context';
import { payoutPlanJson } from '../cli';
import { getPlan } from './plans.repo';
import { outboxOf, positions, rowCounts, seedEntries } from '../test/seed';

const S: ExecSettings = { PPM_NETWORK: 'regtest', PPM_MIN_PAYOUT_SATS: 100_000n, PPM_MAX_OUTPUTS_PER_TX: 2, PPM_PAYOUT_APPROVAL: 'manual', PPM_PAYOUT_CONFIRMATIONS: 2, PPM_PAYOUT_DROP_WATCH_BLOCKS: 100 };

/** A context for the database-only steps (reserve): the node and signer are never called there. */
function dbContext(db: Db): PayoutContext {
  const unused = () => Promise.reject(new Error('not used in this test'));
  return {
    db, log: silentLogger(), settings: S, busy: new Set(),
    rpc: { getblockcount: unused, getrawtransaction: unused, sendrawtransaction: unused, decoderawtransaction: unused, getspentinfo: unused, getindexinfo: unused, verifymessage: unused },
    signer: { signBatch: unused, getBatchStatus: unused },
  };
}

withTestDbs('payout plan and approval', (t) => {
  let db: Db;
  beforeEach(async () => {
    db = await t.fresh();
    await seedEntries(db, [
      { address: 'qA', sats: 300_000n, height: 10, kind: 'opening_balance' },
      { address: 'qB', sats: 50_000n, height: 10, kind: 'opening_balance' },
      { address: 'qC', sats: 100_000n, height: 12 },
      { address: 'qD', sats: 7_000_000n, height: 12 },
    ]);
  });

  it('dry run returns plan, hash, batches and fees and changes nothing', async () => {
    const before = await rowCounts(db);
    const plan = await planPayout(db, S);
    const json = await payoutPlanJson(db, S);
    expect(await rowCounts(db)).toEqual(before);
    expect(plan.content.asOfHeight).toBe(12);
    expect(json.planHash).toBe(plan.hash);
    expect(json.batches.map((b) => b.outputs.map((o) => o.address))).toEqual([['qA', 'qC'], ['qD']]);
    expect(json.totalSats).toBe('7400000');
    expect(json.delegatesCarried).toBe(1);
    expect(BigInt(json.estimatedFeeSats)).toBeGreaterThan(0n);
  });

  it('manual: waits, notifies, approves exactly the hash', async () => {
    const p = await proposePlan(db, S);
    expect(p.status).toBe('planned');
    expect((await outboxOf(db, 'payout_waiting_approval')).map((m) => m.payload.planHash)).toEqual([p.plan.hash]);
    // Proposing again with the same balances is a no-op.
    expect((await proposePlan(db, S)).plan.hash).toBe(p.plan.hash);
    await expect(approve(db, 'f'.repeat(64))).rejects.toThrow(/unknown payout plan/);
    expect(await approve(db, p.plan.hash)).toEqual({ planHash: p.plan.hash, status: 'approved', approval: null });
    expect(await approve(db, p.plan.hash)).toEqual({ planHash: p.plan.hash, status: 'approved', approval: null });
  });

  it('approves the hash of the dry run when it is still the current plan, and only then', async () => {
    const dry = await payoutPlanJson(db, S);
    await expect(approve(db, 'f'.repeat(64), S)).rejects.toThrow(/not the current plan \(the current plan is/);
    expect(await approve(db, dry.planHash, S)).toMatchObject({ planHash: dry.planHash, status: 'approved' });
    expect((await getPlan(db, dry.planHash))?.status).toBe('approved');
  });

  it('a dry-run hash stays approvable while new rewards arrive above its cut', async () => {
    const dry = await payoutPlanJson(db, S);
    // Pool blocks after the dry run credit qB and qD: the dry run's cut (12) still gives the same plan.
    await seedEntries(db, [{ address: 'qB', sats: 60_000n, height: 13 }, { address: 'qD', sats: 5n, height: 14 }]);
    expect((await payoutPlanJson(db, S)).planHash).not.toBe(dry.planHash);
    expect(await approve(db, dry.planHash, S)).toMatchObject({ planHash: dry.planHash, status: 'approved' });
    expect((await getPlan(db, dry.planHash))?.content.asOfHeight).toBe(12);
  });

  it('a stored plan keeps its hash and approval through new rewards; they carry to the next plan', async () => {
    const p = await proposePlan(db, S);
    await seedEntries(db, [{ address: 'qB', sats: 60_000n, height: 13 }, { address: 'qD', sats: 11n, height: 13 }]);
    expect(await approve(db, p.plan.hash)).toMatchObject({ status: 'approved' });
    await reservePlan(dbContext(db), p.plan.hash);
    const pos = await positions(db);
    // Paid what the plan (cut 12) says; the rewards of height 13 stay as balance for the next plan.
    expect(pos.get('qD')).toMatchObject({ inFlight: 7_000_000n, balance: 11n });
    expect(pos.get('qB')).toMatchObject({ inFlight: 0n, balance: 110_000n });
    const next = await planPayout(db, S);
    expect(next.content.asOfHeight).toBe(13);
    expect(next.batches.flatMap((b) => b.outputs)).toEqual([{ address: 'qB', amountSats: 110_000n }]);
  });

  it('a plan older than PPM_PAYOUT_APPROVAL_TTL is not approved; unchanged, it is proposed again', async () => {
    const p = await proposePlan(db, S);
    await db.query(`UPDATE payout_plans SET created_at = now() - interval '49 hours' WHERE plan_hash = $1`, [p.plan.hash]);
    const err = await approve(db, p.plan.hash, S, 'cli', { ttlMs: 48 * 3_600_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanChangedError);
    expect((err as Error).message).toMatch(/expired after PPM_PAYOUT_APPROVAL_TTL/);
    expect((err as PlanChangedError).newPlanHash).toBe(p.plan.hash);
    // Renewed: a new window, approvable now.
    expect(await approve(db, p.plan.hash, S, 'cli', { ttlMs: 48 * 3_600_000 })).toMatchObject({ status: 'approved' });
  });

  it('a change at or below the cut (a reorg) needs a new approval: old superseded, new waits', async () => {
    const p = await proposePlan(db, S);
    // A block at height 12 was reversed and its replacement credits qB: the plan's own cut changed.
    await seedEntries(db, [{ address: 'qB', sats: 60_000n, height: 12 }]);
    const err = await approve(db, p.plan.hash).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanChangedError);
    const newHash = (err as PlanChangedError).newPlanHash!;
    expect(newHash).not.toBe(p.plan.hash);
    expect((err as Error).message).toContain(newHash);
    expect((await getPlan(db, p.plan.hash))?.status).toBe('superseded');
    expect((await getPlan(db, newHash))?.status).toBe('planned');
    await expect(approve(db, p.plan.hash)).rejects.toThrow(/superseded/);
    expect((await approve(db, newHash)).status).toBe('approved');
    expect((await outboxOf(db, 'payout_waiting_approval')).length).toBe(2);
  });

  it('auto: approves at once; reserve moves balance to in flight once, in one transaction', async () => {
    const p = await proposePlan(db, { ...S, PPM_PAYOUT_APPROVAL: 'auto' });
    expect(p.status).toBe('approved');
    const ctx = dbContext(db);
    expect((await reservePlan(ctx, p.plan.hash)).kind).toBe('reserved');
    expect((await reservePlan(ctx, p.plan.hash)).kind).toBe('already');
    const pos = await positions(db);
    expect(pos.get('qA')).toEqual({ accrued: 300_000n, paid: 0n, inFlight: 300_000n, balance: 0n });
    expect(pos.get('qB')?.balance).toBe(50_000n);
    expect((await getPlan(db, p.plan.hash))?.status).toBe('executing');
    // Nothing is payable now: the in-flight amounts are not planned again.
    expect((await planPayout(db, S)).batches).toEqual([]);
  });

  it('never reserves more than the balance: a plan no longer covered is superseded', async () => {
    const p = await proposePlan(db, { ...S, PPM_PAYOUT_APPROVAL: 'auto' });
    // A reorg reversal lowers qD's balance after planning.
    const e = await db.query<{ id: string }>(`SELECT id FROM ledger_entries WHERE address = 'qD'`);
    await db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, height, reverses_entry_id) VALUES ('reversal', 'qD', -7000000, 12, $1)`, [e.rows[0]!.id]);
    expect((await reservePlan(dbContext(db), p.plan.hash)).kind).toBe('superseded');
    expect((await rowCounts(db)).payout_batches).toBe(0);
    expect((await positions(db)).get('qA')?.inFlight).toBe(0n);
  });

  it('the database refuses illegal batch transitions and txid changes', async () => {
    const p = await proposePlan(db, { ...S, PPM_PAYOUT_APPROVAL: 'auto' });
    await reservePlan(dbContext(db), p.plan.hash);
    const id = p.plan.batches[0]!.batchId;
    await expect(db.query(`UPDATE payout_batches SET state = 'paid', txid = $2 WHERE batch_id = $1`, [id, 'a'.repeat(64)])).rejects.toThrow(/illegal transition/);
    await db.query(`UPDATE payout_batches SET state = 'signed', txid = $2, raw_tx = '00' WHERE batch_id = $1`, [id, 'a'.repeat(64)]);
    await expect(db.query(`UPDATE payout_batches SET txid = $2 WHERE batch_id = $1`, [id, 'b'.repeat(64)])).rejects.toThrow(/immutable/);
    await expect(db.query(`DELETE FROM payout_batches WHERE batch_id = $1`, [id])).rejects.toThrow(/never deleted/);
    await expect(db.query(`INSERT INTO ledger_entries (kind, address, amount_sats, payout_batch_id) VALUES ('payout_reserve', 'qA', 1, $1)`, [id])).rejects.toThrow();
  });
});
