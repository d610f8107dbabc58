import { getBalance, type Db } from '@ppm/ledger';
import { createQueue, type TypedQueue } from '@ppm/queues';
import { silentLogger } from '@ppm/runtime';
import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { createAccrualApp, type AccrualApp } from './app';
import { addBlock, addSnapshot, address, blockHash, orphan, statusOf } from './test/chain-fixture';
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

  function start(db: Db): Promise<AccrualApp> {
    const app = createAccrualApp(CONFIG, { db, redis: r.redis, log: silentLogger(), prefix: r.prefix });
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
    expect(await restarted.recover()).toEqual({ added: 0, retried: 0, present: 0 });
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
});
