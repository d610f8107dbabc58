import { getBalance, type Db } from '@ppm/ledger';
import { createQueue, type TypedQueue } from '@ppm/queues';
import { createLogger, silentLogger, type Logger } from '@ppm/runtime';
import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { createAccrualApp, type AccrualApp } from './app';
import { applyBlock } from './jobs/apply.job';
import { derivePendingWork, enqueuePendingWork } from './jobs/recover';
import { addBlock, addSnapshot, address, blockHash, entriesOf, orphan, statusOf } from './test/chain-fixture';
import { eventually } from './test/eventually';

const A = address('alice');
const B = address('bob');
// Recovery passes are triggered by hand here (start, recover()); the timer must not interfere.
const CONFIG = { PPM_POOL_FEE_BPS: 0, PPM_ACCRUAL_RECOVER_INTERVAL_MS: 3_600_000 };

withTestDbs('accrual app (queue snapshots)', (t) => {
  let r: TestRedis;
  let producer: TypedQueue<'snapshots'>;
  const apps: AccrualApp[] = [];
  beforeAll(() => {
    r = testRedis(`accrual_${t.kind}`);
    producer = createQueue('snapshots', r.connection(), r.prefix);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await r.flushPrefix();
  });
  afterAll(async () => {
    await producer.close();
    await r.cleanup();
  });

  function start(db: Db, log: Logger = silentLogger()): Promise<AccrualApp> {
    const app = createAccrualApp(CONFIG, { db, redis: r.redis, log, prefix: r.prefix });
    apps.push(app);
    return app.start().then(() => app);
  }
  const applied = (db: Db, ...hashes: string[]) => async () => {
    for (const h of hashes) if ((await statusOf(db, h)) !== 'applied') return false;
    return true;
  };

  it('applies the snapshotter\'s jobs; after a Redis wipe a restart re-derives applies and reversals', async () => {
    const db = await t.fresh();
    const h = (n: string) => blockHash(`${t.kind}-app-${n}`);
    const app = await start(db);
    // Blocks 1-3 as the snapshotter leaves them, each followed by its apply job.
    for (const [height, w] of [[1, 1n], [2, 2n], [3, 3n]] as const) {
      await addBlock(db, { height, hash: h(`a${height}`), kind: 'pool', rewardSats: 600n, weights: [{ address: A, weightSats: w }, { address: B, weightSats: 3n }] });
      await producer.add('apply', { height, hash: h(`a${height}`) });
    }
    await eventually(applied(db, h('a1'), h('a2'), h('a3')), 'blocks 1-3 applied');
    // A: 600*1/4 + 600*2/5 + 600*3/6 = 150 + 240 + 300; B: 450 + 360 + 300.
    expect((await getBalance(db, A)).balanceSats).toBe(690n);
    expect((await getBalance(db, B)).balanceSats).toBe(1_110n);
    await app.stop();

    // While accrual is down: a reorg replaces block 3 (applied) with 3', blocks 4 and 5 arrive, and Redis
    // loses every queued job (our prefix only: the Redis is shared with other tests).
    await orphan(db, h('a3'));
    await addBlock(db, { height: 3, hash: h('b3'), kind: 'self', rewardSats: 600n });
    await addBlock(db, { height: 4, hash: h('b4'), kind: 'pool', rewardSats: 100n, weights: [{ address: A, weightSats: 1n }] });
    await addBlock(db, { height: 5, hash: h('b5'), kind: 'foreign', rewardSats: 100n });
    await producer.add('apply', { height: 4, hash: h('b4') });
    await r.flushPrefix();

    const restarted = await start(db);
    await eventually(applied(db, h('b3'), h('b4'), h('b5')), 'the new branch applied after a restart');
    expect(await statusOf(db, h('a3'))).toBe('reversed');
    // Block 3's 300 + 300 reversed; A gets block 4's 100.
    expect((await getBalance(db, A)).balanceSats).toBe(490n);
    expect((await getBalance(db, B)).balanceSats).toBe(810n);
    // Nothing left to do: a recovery pass enqueues nothing.
    expect(await restarted.recover()).toEqual({ added: 0, retried: 0, repaired: 0, present: 0 });
  });

  it('a block waiting in back-off for a lower one is promoted as soon as that one is applied', async () => {
    const db = await t.fresh();
    const h = (n: string) => blockHash(`${t.kind}-promote-${n}`);
    await addBlock(db, { height: 1, hash: h('1'), status: 'seen' });
    const app = await start(db);
    // Stored after the start, so the job is ours (the start's recovery pass would have enqueued it otherwise).
    await addBlock(db, { height: 2, hash: h('2'), kind: 'pool', rewardSats: 600n, weights: [{ address: A, weightSats: 1n }] });
    // Block 2's job fails (strict height order: block 1 is not snapshotted) and backs off for 2 minutes.
    await producer.add('apply', { height: 2, hash: h('2') }, { backoff: { type: 'fixed', delay: 120_000 } });
    const id = `apply-${h('2')}`;
    await eventually(async () => (await producer.queue.getJobState(id)) === 'delayed', 'block 2 in back-off');
    expect((await producer.queue.getJob(id))?.delay).toBe(120_000);
    // The snapshotter finishes block 1 (a self block) and enqueues it.
    await db.query(`UPDATE blocks SET status = 'snapshotted', kind = 'self', reward_sats = 100 WHERE hash = $1`, [h('1')]);
    await producer.add('apply', { height: 1, hash: h('1') });
    // Block 2 runs right after block 1, not when its 2-minute back-off expires.
    await eventually(applied(db, h('1'), h('2')), 'blocks 1 and 2 applied', 15_000);
    expect((await getBalance(db, A)).balanceSats).toBe(600n);
    await app.stop();
  });

  it('recover() restarts a job that failed for good once its cause is fixed', async () => {
    const db = await t.fresh();
    const hash = blockHash(`${t.kind}-broken-1`);
    // A pool block marked snapshotted without its snapshot rows: a permanent failure.
    await db.query(`INSERT INTO blocks (hash, height, kind, reward_sats, status) VALUES ($1, 1, 'pool', 10, 'snapshotted')`, [hash]);
    const app = await start(db);
    await eventually(async () => (await producer.queue.getJobState(`apply-${hash}`)) === 'failed', 'the apply job to fail');
    expect(await statusOf(db, hash)).toBe('snapshotted');
    await addSnapshot(db, hash, 1, 10n, [{ address: A, weightSats: 1n }]);
    expect(await app.recover()).toMatchObject({ retried: 1 });
    await eventually(applied(db, hash), 'the retried block applied');
    expect((await getBalance(db, A)).balanceSats).toBe(10n);
  });

  /** Deletes only the job hashes (`<prefix>:snapshots:<jobId>`), as a crash or a partial FLUSH may leave them. */
  async function deleteJobHashes(...ids: string[]): Promise<void> {
    await r.redis.del(...ids.map((id) => `${r.prefix}:snapshots:${id}`));
  }
  const idle = async (): Promise<boolean> => {
    const c = await producer.queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
    return Object.values(c).every((n) => n === 0);
  };

  it('recover() repairs jobs whose hashes were deleted half-way and the worker re-created without name or data', async () => {
    const db = await t.fresh();
    const h = (n: string) => blockHash(`${t.kind}-half-${n}`);
    const app = await start(db);
    // Block 1 is stored but not snapshotted yet: the applies of 2 and 3 wait for it (retried with backoff).
    await addBlock(db, { height: 1, hash: h('1'), status: 'seen' });
    await addBlock(db, { height: 2, hash: h('2'), kind: 'pool', rewardSats: 300n, weights: [{ address: A, weightSats: 1n }, { address: B, weightSats: 2n }] });
    await addBlock(db, { height: 3, hash: h('3'), kind: 'self', rewardSats: 50n });
    await producer.add('apply', { height: 2, hash: h('2') });
    await producer.add('apply', { height: 3, hash: h('3') });
    const ids = [`apply-${h('2')}`, `apply-${h('3')}`];
    const states = async () => Promise.all(ids.map((id) => producer.queue.getJobState(id)));
    await eventually(async () => (await states()).every((s) => s === 'delayed'), 'both applies to wait for block 1');

    // Redis loses the two job hashes but keeps their ids in the delayed set: when the delay expires the worker
    // moves each id to active, which re-creates a hash without name or data, and the job fails for good.
    await deleteJobHashes(...ids);
    await eventually(async () => (await states()).every((s) => s === 'failed'), 'the broken jobs to fail');
    for (const id of ids) {
      const broken = await producer.queue.getJob(id);
      expect(broken?.name).toBeUndefined();
      expect(broken?.failedReason).toMatch(/unknown job name undefined/);
    }

    // Block 1 gets its snapshot (its apply job is lost too); recovery must re-create the broken jobs.
    await db.query(`UPDATE blocks SET kind = 'foreign', reward_sats = 0, status = 'snapshotted' WHERE hash = $1`, [h('1')]);
    expect(await app.recover()).toEqual({ added: 1, retried: 0, repaired: 2, present: 0 });
    await eventually(applied(db, h('1'), h('2'), h('3')), 'every block applied after the repair', 15_000);
    expect((await getBalance(db, A)).balanceSats).toBe(100n);
    expect((await getBalance(db, B)).balanceSats).toBe(200n);
    expect((await entriesOf(db, h('3'))).map((e) => [e.kind, e.amountSats])).toEqual([['self_revenue', 50n]]);
    expect(await app.recover()).toEqual({ added: 0, retried: 0, repaired: 0, present: 0 });
  });

  it('recovery replaces ids left in the wait list without their hashes (applies and a reversal), each once', async () => {
    const db = await t.fresh();
    const h = (n: string) => blockHash(`${t.kind}-dangling-${n}`);
    // Block 1 applied, then a reorg replaces it with 1'; blocks 1' and 2 wait, and so does 1's reversal.
    await addBlock(db, { height: 1, hash: h('a1'), kind: 'self', rewardSats: 40n });
    await applyBlock(db, h('a1'), { poolFeeBps: 0 });
    await orphan(db, h('a1'));
    await addBlock(db, { height: 1, hash: h('b1'), kind: 'pool', rewardSats: 90n, weights: [{ address: A, weightSats: 1n }, { address: B, weightSats: 2n }] });
    await addBlock(db, { height: 2, hash: h('b2'), kind: 'self', rewardSats: 60n });
    await producer.add('reverse', { height: 1, hash: h('a1') });
    await producer.add('apply', { height: 1, hash: h('b1') });
    await producer.add('apply', { height: 2, hash: h('b2') });
    const ids = [`reverse-${h('a1')}`, `apply-${h('b1')}`, `apply-${h('b2')}`];
    // Accrual is down; Redis loses the job hashes, their ids stay in the wait list.
    await deleteJobHashes(...ids);

    expect(await enqueuePendingWork(producer, await derivePendingWork(db))).toEqual({ added: 0, retried: 0, repaired: 3, present: 0 });
    const waiting = await r.redis.lrange(`${r.prefix}:snapshots:wait`, 0, -1);
    expect([...waiting].sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await producer.queue.getJob(id))?.name).toBe(id.split('-')[0]);

    await start(db);
    await eventually(applied(db, h('b1'), h('b2')), 'the new branch applied');
    expect(await statusOf(db, h('a1'))).toBe('reversed');
    await eventually(idle, 'the queue to drain');
    expect(await producer.queue.getFailedCount()).toBe(0);
    expect((await getBalance(db, A)).balanceSats).toBe(30n);
    expect((await getBalance(db, B)).balanceSats).toBe(60n);
  });

  it('a reverse job for a block that is back on the main chain completes as a logged no-op', async () => {
    const db = await t.fresh();
    const hash = blockHash(`${t.kind}-back-1`);
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ name: 'test', level: 'info', destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
    await addBlock(db, { height: 1, hash, kind: 'self', rewardSats: 70n });
    await applyBlock(db, hash, { poolFeeBps: 0 });
    // Orphaned, its reversal enqueued, then back on the main chain before accrual runs it.
    await orphan(db, hash);
    await producer.add('reverse', { height: 1, hash });
    await db.query('UPDATE blocks SET on_main_chain = true WHERE hash = $1', [hash]);

    await start(db, log);
    const skipped = (l: Record<string, unknown>) => l.msg === 'reverse skipped: the block is (again) on the main chain' && l.hash === hash && l.outcome === 'on-main-chain';
    await eventually(() => Promise.resolve(lines.some(skipped)), 'the skipped reversal logged');
    await eventually(idle, 'the queue to drain');
    expect(await producer.queue.getFailedCount()).toBe(0);
    expect(await statusOf(db, hash)).toBe('applied');
    expect((await entriesOf(db, hash)).map((e) => e.kind)).toEqual(['self_revenue']);
    expect((await getBalance(db, A)).balanceSats).toBe(0n);
  });
});
