import { maturityAt } from '@ppm/chain';
import type { Db } from '@ppm/ledger';
import { startSimulator, type Scenario, type SimHandle } from '@ppm/qtum-sim';
import { testRedis, withTestDbs, type TestRedis } from '@ppm/testkit';
import { readCoinChunks } from '../chain/coin-sweep-reader';
import { coinsAfterBlock, weightsFromCoins, type Coin } from '../domain/coins-as-of';
import { createSnapshotterRpc } from '../rpc/client-adapter';
import type { SnapshotterRpc } from '../rpc/snapshotter-rpc';
import { actualWeights } from './test/compare';
import { appliedThrough, startPipeline, waitFor, type Pipeline } from './test/pipeline';
import { C, expectLedgerMatches } from './test/scenarios';

jest.setTimeout(300_000);

const START = 5195;
const QTUM = 100_000_000n;
const MIN_UTXO_SATS = 100n * QTUM;

function scenario(): Scenario {
  return {
    seed: 'e2e-coin-cache',
    delegates: { count: 24, utxosPerDelegate: 5, belowMinShare: 0.2, lowFeeShare: 0.1 },
    timeline: [{ at: 5201, do: 'pool' }, { at: 5210, do: 'pow' }],
  };
}

/** Counts the snapshotter's getaddressutxos: which addresses were read in full. */
function recorder() {
  const fullReads: string[][] = [];
  const wrap = (rpc: SnapshotterRpc): SnapshotterRpc => ({
    ...rpc,
    getAddressUtxos: (addresses) => {
      fullReads.push([...addresses]);
      return rpc.getAddressUtxos(addresses);
    },
  });
  return { fullReads, wrap, take: () => fullReads.splice(0).flat().sort() };
}

/** Weights of `delegates` as of H from a fresh full read (no cache, no sweep): coinsAfterBlock + weightsFromCoins. */
async function freshWeights(rpc: SnapshotterRpc, delegates: string[], height: number): Promise<Record<string, string>> {
  const coins: Coin[] = [];
  await readCoinChunks(rpc, [...delegates].sort(), height, (c) => coins.push(...coinsAfterBlock(c.current, c.spent, height)));
  const w = weightsFromCoins(coins, delegates, { height, maturity: maturityAt('regtest', height), minUtxoSats: MIN_UTXO_SATS, network: 'regtest' });
  return Object.fromEntries([...w].map(([a, v]) => [a, v.toString()]));
}

withTestDbs('delegate coin cache between pool blocks', (t) => {
  let sim: SimHandle;
  let redis: TestRedis;
  let pipeline: Pipeline | undefined;

  beforeEach(async () => {
    sim = await startSimulator({ scenario: scenario() });
    redis = testRedis('coincache');
  });
  afterEach(async () => {
    await pipeline?.stop();
    pipeline = undefined;
    await redis.cleanup();
    await sim.close();
  });

  it('moving coins, delegations coming and going, maturity and reorgs: every pool block equals a fresh full read', async () => {
    const db: Db = await t.fresh();
    const rec = recorder();
    pipeline = await startPipeline({
      db, redisUrl: redis.url, prefix: redis.prefix, rpcUrl: sim.url, staker: sim.chain.staker.address, startHeight: START, confirmations: C,
      wrapSnapshotterRpc: rec.wrap,
    });
    const plain = createSnapshotterRpc(pipeline.rpc);
    const checked = new Set<number>();
    /** Every pool block snapshotted since the last call equals a fresh full read at its height. */
    const expectFresh = async () => {
      await waitFor('blocks applied', () => appliedThrough(db, sim.chain.tipHeight - C), 120_000);
      const snaps = await actualWeights(db);
      let n = 0;
      for (const [h, weights] of Object.entries(snaps)) {
        if (checked.has(Number(h))) continue;
        checked.add(Number(h));
        expect({ h, weights }).toEqual({ h, weights: await freshWeights(plain, Object.keys(weights), Number(h)) });
        n++;
      }
      return n;
    };
    await expectFresh();
    rec.take();

    const ds = sim.chain.delegates().filter((d) => d.delegation && d.delegation.fee >= 100);
    // Delegated with a fee below the required one: not eligible until it raises its fee.
    const outsider = sim.chain.delegates().find((d) => d.delegation && d.delegation.fee < 100)!;
    const miner = sim.chain.miner.address;
    // Coins move between every two pool blocks: transfers above and below the minimum, to the miner, fresh
    // funding, a delegation removed and a new one added; the cache must read only the new delegate in full.
    for (let i = 0; i < 8; i++) {
      const a = ds[i]!.address;
      const b = ds[(i * 5 + 3) % ds.length]!.address;
      sim.chain.mine(1, { kind: 'pool' });
      sim.chain.transfer(a, b, (i % 2 === 0 ? 150n : 40n) * QTUM + BigInt(i));
      sim.chain.mine(1, { kind: 'pow' });
      if (i % 3 === 1) sim.chain.fund(b, [250n * QTUM, 80n * QTUM]);
      else sim.chain.transfer(b, miner, 120n * QTUM);
      if (i === 2) sim.chain.removeDelegation(ds[1]!.address);
      // Its event is in the next (pool) block: it counts from the pool blocks after that one (step 5).
      if (i === 4) sim.chain.addDelegation(outsider.address, 100);
      const added = i === 5 ? [outsider.address] : [];
      sim.chain.mine(1, { kind: 'pool' });
      sim.chain.mine(C, { kind: 'pow' });
      expect(await expectFresh()).toBeGreaterThan(0);
      // Only a delegate new to the set is read in full; everyone else comes from the cache and the window's deltas.
      expect(rec.take()).toEqual(added);
    }

    // A long window: coins created above (in the cache's windows) mature and start to count.
    sim.chain.mine(maturityAt('regtest', sim.chain.tipHeight), { kind: 'pow' });
    sim.chain.transfer(ds[5]!.address, ds[6]!.address, 300n * QTUM);
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.mine(C, { kind: 'pow' });
    expect(await expectFresh()).toBe(1);
    expect(rec.take()).toEqual([]);

    // A reorg below the cache's tip: the anchor leaves the main chain, the cache is dropped and read in full.
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.mine(C, { kind: 'pow' });
    expect(await expectFresh()).toBe(1);
    rec.take();
    sim.chain.transfer(ds[7]!.address, miner, 200n * QTUM);
    sim.chain.reorg(2, [{ kind: 'pool' }, { kind: 'pow' }, { kind: 'pool' }]);
    sim.chain.mine(C, { kind: 'pow' });
    expect(await expectFresh()).toBe(2);
    expect(rec.take().length).toBeGreaterThan(ds.length / 2);
    // Then the cache serves again.
    sim.chain.transfer(ds[8]!.address, ds[9]!.address, 500n * QTUM);
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.mine(C, { kind: 'pow' });
    expect(await expectFresh()).toBe(1);
    expect(rec.take()).toEqual([]);
    await expectLedgerMatches(db, sim, START);
  });
});
