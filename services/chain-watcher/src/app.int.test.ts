import { createQtumRpcClient, type QtumRpcClient } from '@ppm/qtum-rpc';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { silentLogger } from '@ppm/runtime';
import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { createQueue, type QueueName, type TypedQueue } from '@ppm/queues';
import type { Db } from '@ppm/ledger';
import { createChainWatcherApp, type ChainWatcherApp } from './app';
import { CONNECTIONS_GRACE_MS } from './health/health-rules';

const C = 5;

withTestDbs('chain-watcher on the simulator', (t) => {
  let sim: SimHandle;
  let redis: TestRedis;
  let rpc: QtumRpcClient;
  let app: ChainWatcherApp | undefined;
  const queues: TypedQueue<QueueName>[] = [];
  let clockMs = 0;

  beforeEach(async () => {
    sim = await startSimulator({ scenario: { seed: 'watcher', delegates: [{ label: 'A', utxos: ['500'] }] } });
    redis = testRedis('watcher');
    rpc = createQtumRpcClient({ url: sim.url, timeoutMs: 2_000, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 } });
    // The simulator's fixed clock puts the tip in the past: run the health clock just after the tip.
    clockMs = sim.chain.block(sim.chain.tipHeight)!.time * 1_000 + 60_000;
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    for (const q of queues.splice(0)) await q.close();
    rpc.close();
    await redis.cleanup();
    await sim.close();
  });

  const create = (db: Db, startHeight: number, healthIntervalMs = 0) => {
    const config = {
      QTUM_RPC_URL: sim.url, PPM_CONFIRMATIONS: C, PPM_START_HEIGHT: startHeight, PPM_POLL_INTERVAL_MS: 60_000,
      PPM_STALE_AFTER_MIN: 30, PPM_MIN_CONNECTIONS: 5, PPM_HEALTH_INTERVAL_MS: healthIntervalMs,
    };
    app = createChainWatcherApp(config, { db, redis: redis.redis, rpc, log: silentLogger(), prefix: redis.prefix, now: () => clockMs });
    return app;
  };
  const jobs = async (name: QueueName) => {
    const q = createQueue(name, redis.redis, redis.prefix);
    queues.push(q);
    return (await q.queue.getJobs(['wait', 'prioritized', 'delayed'])).map((j) => `${j.name}:${(j.data as { height: number }).height}`).sort();
  };
  const mainRows = async (db: Db) =>
    (await db.query<{ height: number; hash: string }>(`SELECT height, hash FROM blocks WHERE on_main_chain ORDER BY height`)).rows;

  it('emits confirmed blocks in order, and on a reorg deeper than C orphans rows and reverses the applied ones', async () => {
    const db = await t.fresh();
    const tip = sim.chain.tipHeight;
    const w = create(db, tip - C - 9);
    const r1 = await w.tick();
    expect(r1.follow).toMatchObject({ emitted: 10, cursorHeight: tip - C, caughtUp: true, reorg: null });
    const rows = await mainRows(db);
    expect(rows.map((r) => r.height)).toEqual(Array.from({ length: 10 }, (_, i) => tip - C - 9 + i));
    rows.forEach((r) => expect(r.hash).toBe(sim.chain.blockHash(r.height)));
    expect(await jobs('chain.blocks')).toHaveLength(10);
    // Nothing new: a second tick emits nothing.
    expect((await w.tick()).follow).toMatchObject({ emitted: 0, reorg: null });

    // Pretend the three highest were applied; replace the last C + 3 blocks with a longer branch.
    await db.query(`UPDATE blocks SET status = 'applied' WHERE height > $1`, [tip - C - 3]);
    sim.chain.reorg(C + 3);
    const r2 = await w.tick();
    expect(r2.follow?.reorg).toMatchObject({ forkHeight: tip - C - 3, reversed: 3 });
    expect(r2.follow?.reorg?.orphaned.map((o) => o.height)).toEqual([tip - C - 2, tip - C - 1, tip - C]);
    expect((await jobs('snapshots')).filter((j) => j.startsWith('reverse'))).toHaveLength(3);
    const after = await mainRows(db);
    expect(after.at(-1)!.height).toBe(sim.chain.tipHeight - C);
    after.forEach((r) => expect(r.hash).toBe(sim.chain.blockHash(r.height)));
  });

  it('alerts once per episode for a locked wallet, staking off, an unreachable node and a stale chain; re-arms on recovery', async () => {
    const db = await t.fresh();
    const w = create(db, sim.chain.tipHeight - C);
    const outbox = async () => (await db.query<{ kind: string }>(`SELECT kind FROM outbox ORDER BY id`)).rows.map((r) => r.kind);
    await w.tick();
    expect(await outbox()).toEqual([]);

    sim.wallet.encrypt('pw');
    await w.tick();
    await w.tick();
    expect((await outbox()).sort()).toEqual(['staking_off', 'wallet_locked']);

    await sim.stop();
    const down = await w.tick();
    expect(down.error).toBeDefined();
    await w.tick();
    expect((await outbox()).filter((k) => k === 'node_unreachable')).toHaveLength(1);
    await sim.restart();
    await w.tick();
    const latches = await db.query<{ key: string }>(`SELECT key FROM kv WHERE key LIKE 'chain-watcher/health/%' ORDER BY key`);
    expect(latches.rows.map((r) => r.key)).toEqual(['chain-watcher/health/staking_off', 'chain-watcher/health/wallet_locked']);

    // Second unreachable episode alerts again; 31 minutes without a block is stale; low connections after the grace.
    await sim.stop();
    await w.tick();
    await sim.restart();
    clockMs += Math.max(31 * 60_000, CONNECTIONS_GRACE_MS);
    sim.chain.connections = 2;
    await w.tick();
    await w.tick();
    const kinds = await outbox();
    expect(kinds.filter((k) => k === 'node_unreachable')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'stale_chain')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'low_connections')).toHaveLength(1);
  });

  it('observes the node\'s health at most every PPM_HEALTH_INTERVAL_MS, but reports an unreachable node at once', async () => {
    const db = await t.fresh();
    const w = create(db, sim.chain.tipHeight - C, 10_000);
    const outbox = async () => (await db.query<{ kind: string }>(`SELECT kind FROM outbox ORDER BY id`)).rows.map((r) => r.kind);
    await w.tick();
    sim.wallet.encrypt('pw');
    // 9 s after the last check: no health batch, so no alert yet, whatever the wallet's state.
    clockMs += 9_000;
    expect((await w.tick()).health).toEqual([]);
    expect(await outbox()).toEqual([]);
    clockMs += 1_000;
    await w.tick();
    expect((await outbox()).sort()).toEqual(['staking_off', 'wallet_locked']);
    // Unreachable is known from the failed call itself: alerted on the next tick, not 10 s later.
    await sim.stop();
    await w.tick();
    expect((await outbox()).filter((k) => k === 'node_unreachable')).toHaveLength(1);
    await sim.restart();
  });
});
