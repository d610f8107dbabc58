import { acceptReorgGate, readChainFollowState, type Db } from '@ppm/ledger';
import { createQtumRpcClient, type QtumRpcClient } from '@ppm/qtum-rpc';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { createQueue, type TypedQueue } from '@ppm/queues';
import { silentLogger } from '@ppm/runtime';
import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { createChainWatcherApp, type ChainWatcherApp } from '../app';
import type { ChainWatcherConfig } from '../config';

const C = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

withTestDbs('chain-watcher under node operations', (t) => {
  let sim: SimHandle;
  let redis: TestRedis;
  let rpc: QtumRpcClient;
  const apps: ChainWatcherApp[] = [];
  let snapshots: TypedQueue<'snapshots'> | undefined;

  beforeEach(async () => {
    sim = await startSimulator({ scenario: { seed: 'watcher-ops', delegates: [{ label: 'A', utxos: ['500'] }] } });
    redis = testRedis('watcher-ops');
    rpc = createQtumRpcClient({ url: sim.url, timeoutMs: 2_000, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 } });
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.stop();
    await snapshots?.close();
    snapshots = undefined;
    rpc.close();
    await redis.cleanup();
    await sim.close();
  });

  let clockMs = Date.now();
  const create = (db: Db, startHeight: number, extra: Partial<ChainWatcherConfig> = {}, node: QtumRpcClient = rpc) => {
    const config: ChainWatcherConfig = {
      QTUM_RPC_URL: sim.url, PPM_CONFIRMATIONS: C, PPM_START_HEIGHT: startHeight, PPM_POLL_INTERVAL_MS: 60_000,
      PPM_STALE_AFTER_MIN: 1_000_000, PPM_MIN_CONNECTIONS: 0, PPM_NETWORK: 'regtest', ...extra,
    };
    const app = createChainWatcherApp(config, { db, redis: redis.redis, rpc: node, log: silentLogger(), prefix: redis.prefix, now: () => clockMs });
    apps.push(app);
    return app;
  };
  const reverseJobs = async () => {
    snapshots ??= createQueue('snapshots', redis.redis, redis.prefix);
    return (await snapshots.queue.getJobs(['wait', 'prioritized', 'delayed'])).filter((j) => j.name === 'reverse').length;
  };
  const offChain = async (db: Db) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM blocks WHERE NOT on_main_chain')).rows[0]!.n);
  const kinds = async (db: Db) => (await db.query<{ kind: string }>('SELECT kind FROM outbox ORDER BY id')).rows.map((r) => r.kind);

  it('a node 150 blocks behind (reindexing) is waited for: nothing orphaned, reversed or emitted; one alert; resumes by itself', async () => {
    const db = await t.fresh();
    const tip = sim.chain.tipHeight;
    const w = create(db, tip - C - 199);
    expect((await w.tick()).follow).toMatchObject({ emitted: 200, cursorHeight: tip - C });
    await db.query(`UPDATE blocks SET status = 'applied'`);

    sim.chain.view.fallBehind(tip, 150);
    for (let i = 0; i < 3; i++) {
      const r = await w.tick();
      expect(r.follow).toMatchObject({ emitted: 0, reorg: null, behind: { nodeHeight: tip - 150, ledgerHeight: tip - C, blocks: 150 - C, initialBlockDownload: true } });
    }
    expect(await offChain(db)).toBe(0);
    expect(await reverseJobs()).toBe(0);
    expect((await kinds(db)).filter((k) => k === 'node_behind')).toHaveLength(1);
    const state = await readChainFollowState(db);
    expect(state.nodeBehind?.message).toBe(`node behind the ledger by ${150 - C} blocks (reindexing / catching up)`);

    // Catching up: still below the cursor, then above it but in IBD: still waiting.
    sim.chain.view.setActiveHeight(tip - 10);
    expect((await w.tick()).follow?.behind).toMatchObject({ blocks: 10 - C });
    sim.chain.mine(3, { kind: 'pow' });
    sim.chain.view.setActiveHeight(tip + 1);
    expect((await w.tick()).follow).toMatchObject({ emitted: 0, behind: { blocks: 0, initialBlockDownload: true } });
    // Back: following resumes, the latch clears, nothing was ever orphaned.
    sim.chain.view.catchUp();
    expect((await w.tick()).follow).toMatchObject({ behind: null, emitted: 3, cursorHeight: tip + 3 - C });
    expect((await readChainFollowState(db)).nodeBehind).toBeNull();
    expect(await offChain(db)).toBe(0);
    // A second episode alerts again.
    sim.chain.view.fallBehind(sim.chain.tipHeight, 50, { initialBlockDownload: false });
    await w.tick();
    expect((await kinds(db)).filter((k) => k === 'node_behind')).toHaveLength(2);
  });

  it('a real reindex: -28 warm-up, getblockcount restarting near 0, -8 above it; then the same blocks come back', async () => {
    const db = await t.fresh();
    const tip = sim.chain.tipHeight;
    const w = create(db, tip - C - 49);
    await w.tick();
    await db.query(`UPDATE blocks SET status = 'applied'`);
    const before = (await db.query<{ hash: string }>('SELECT hash FROM blocks ORDER BY height')).rows;

    sim.chain.view.reindex({ warmupMs: 400, fromHeight: 0 });
    const warm = await w.tick();
    expect(warm.error).toMatch(/Loading block index|Loading wallet/);
    expect(warm.follow).toBeNull();
    await sleep(450);
    for (const h of [0, 900, tip - 60]) {
      sim.chain.view.setActiveHeight(h);
      expect((await w.tick()).follow?.behind).toMatchObject({ nodeHeight: h, initialBlockDownload: true });
    }
    sim.chain.view.catchUp();
    expect((await w.tick()).follow).toMatchObject({ behind: null, reorg: null, emitted: 0 });
    expect(await offChain(db)).toBe(0);
    expect(await reverseJobs()).toBe(0);
    expect((await db.query<{ hash: string }>('SELECT hash FROM blocks ORDER BY height')).rows).toEqual(before);
    expect(await kinds(db)).not.toContain('reorg_reversal');
  });

  it('a lagging replacement node out of IBD is behind, not a reorg; a node on another branch at a height we have is one', async () => {
    const db = await t.fresh();
    const tip = sim.chain.tipHeight;
    const w = create(db, tip - C - 19);
    await w.tick();
    sim.chain.view.fallBehind(tip, 30, { initialBlockDownload: false });
    expect((await w.tick()).follow?.behind).toMatchObject({ initialBlockDownload: false, blocks: 30 - C });
    expect(await offChain(db)).toBe(0);
    // Back on a different branch: a real reorg (the node has those heights), acted on.
    sim.chain.view.catchUp();
    sim.chain.reorg(C + 3);
    const r = await w.tick();
    expect(r.follow?.reorg).toMatchObject({ forkHeight: tip - C - 3 });
    expect(await offChain(db)).toBe(3);
  });

  it('deep reorg gate: deeper than PPM_MAX_REORG_DEPTH waits for `ppm reorg accept <fork hash>`; shallower stays automatic', async () => {
    const db = await t.fresh();
    const tip = sim.chain.tipHeight;
    const w = create(db, tip - C - 29, { PPM_MAX_REORG_DEPTH: 4 });
    await w.tick();
    await db.query(`UPDATE blocks SET status = 'applied'`);

    // 4 ledger blocks deep (> C): automatic.
    sim.chain.reorg(C + 4);
    expect((await w.tick()).follow?.reorg).toMatchObject({ forkHeight: tip - C - 4, reversed: 4 });
    await db.query(`UPDATE blocks SET status = 'applied' WHERE on_main_chain`);

    // 8 ledger blocks deep: held.
    const fork = sim.chain.blockHash(sim.chain.tipHeight - C - 8);
    const forkHeight = sim.chain.tipHeight - C - 8;
    sim.chain.reorg(C + 8);
    for (let i = 0; i < 2; i++) {
      const r = await w.tick();
      expect(r.follow).toMatchObject({ reorg: null, emitted: 0, gate: { forkHeight, forkHash: fork, depth: 8, maxDepth: 4 } });
    }
    expect(await offChain(db)).toBe(4);
    expect((await kinds(db)).filter((k) => k === 'deep_reorg')).toHaveLength(1);
    await expect(acceptReorgGate(db, 'ab'.repeat(32), Date.now())).rejects.toThrow(`forks at block ${forkHeight} ${fork}`);
    expect((await readChainFollowState(db)).reorgGate).toMatchObject({ forkHash: fork });
    await acceptReorgGate(db, fork, Date.now());
    const r = await w.tick();
    expect(r.follow?.reorg).toMatchObject({ forkHeight, reversed: 8 });
    expect(r.follow?.gate).toBeNull();
    expect((await readChainFollowState(db)).reorgGate).toBeNull();
    expect(await offChain(db)).toBe(12);
  });

  it('a held deep reorg clears by itself when the node returns to the ledger\'s chain (A->B->A)', async () => {
    const db = await t.fresh();
    const tip = sim.chain.tipHeight;
    const w = create(db, tip - C - 29, { PPM_MAX_REORG_DEPTH: 4 });
    await w.tick();
    const aTip = sim.chain.blockHash(tip);
    sim.chain.reorg(C + 8);
    expect((await w.tick()).follow?.gate).not.toBeNull();
    sim.chain.returnToBranch(aTip);
    sim.chain.mine(2, { kind: 'pow' });
    const r = await w.tick();
    expect(r.follow).toMatchObject({ gate: null, reorg: null, emitted: 2 });
    expect((await readChainFollowState(db)).reorgGate).toBeNull();
    expect(await offChain(db)).toBe(0);
  });

  it('a stall: the lowest waiting block named with what it waits for, one alert per episode, cleared when it moves', async () => {
    const db = await t.fresh();
    const w = create(db, sim.chain.tipHeight - C - 2, { PPM_STALL_AFTER_MIN: 15, PPM_STALL_RETRIES: 5 });
    const low = sim.chain.tipHeight - C - 2;
    expect((await w.tick()).stall).toBeNull();
    clockMs += 14 * 60_000;
    expect((await w.tick()).stall).toBeNull();
    clockMs += 60_000;
    const r = await w.tick();
    expect(r.stall).toMatchObject({ height: low, hash: sim.chain.blockHash(low), waitsFor: 'the snapshotter (status seen)' });
    expect(r.stall!.message).toContain(`stalled: block ${low} ${sim.chain.blockHash(low)} has waited 15 min for the snapshotter (status seen); job block-`);
    await w.tick();
    expect((await kinds(db)).filter((k) => k === 'chain_stall')).toHaveLength(1);
    expect((await readChainFollowState(db)).stall?.message).toBe(r.stall!.message);
    // The block moves (snapshotted): a new wait starts, the stall clears.
    await db.query(`UPDATE blocks SET status = 'snapshotted' WHERE height = $1`, [low]);
    await db.query(`UPDATE blocks SET status = 'applied' WHERE height = $1`, [low]);
    expect((await w.tick()).stall).toBeNull();
    expect((await readChainFollowState(db)).stall).toBeNull();
    await db.query(`UPDATE blocks SET status = 'applied'`);
    expect((await w.tick()).stall).toBeNull();
  });

  it('records the chain at first start and refuses a node on another chain or network', async () => {
    const db = await t.fresh();
    await create(db, sim.chain.tipHeight - C).start();
    const recorded = (await readChainFollowState(db)).chain;
    expect(recorded).toMatchObject({ chain: 'regtest', genesisHash: sim.chain.blockHash(0) });

    const other = await startSimulator({ scenario: { seed: 'watcher-ops', genesisTime: 1_700_000_000, delegates: [{ label: 'A', utxos: ['500'] }] } });
    const otherRpc = createQtumRpcClient({ url: other.url, timeoutMs: 2_000, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 } });
    try {
      expect(other.chain.blockHash(0)).not.toBe(recorded!.genesisHash);
      const rowsBefore = await db.query('SELECT hash, on_main_chain FROM blocks ORDER BY height');
      await expect(create(db, 0, {}, otherRpc).start()).rejects.toThrow(`this ledger was built on chain "regtest" (genesis ${recorded!.genesisHash}`);
      expect((await db.query('SELECT hash, on_main_chain FROM blocks ORDER BY height')).rows).toEqual(rowsBefore.rows);
      await expect(create(await t.fresh(), 0, { PPM_NETWORK: 'mainnet' }).start()).rejects.toThrow('but PPM_NETWORK is mainnet (chain "main")');
    } finally {
      otherRpc.close();
      await other.close();
    }
  });
});
