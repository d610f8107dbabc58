/* eslint-disable @typescript-eslint/no-explicit-any -- RPC replies are untyped JSON walked by the assertions. */
import { startSimulator, type SimHandle } from './index';
import { stringifyWireJson } from '@ppm/chain';
import { call, result as wireResult } from './test/rpc-client';
import { testScenario } from './test/scenarios';

let sim: SimHandle;
beforeEach(async () => {
  sim = await startSimulator({ scenario: testScenario() });
});
afterEach(async () => {
  await sim.close();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls `check` for up to 5 s (timers on a loaded machine are late, never early). */
async function until(check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in 5 s');
    await sleep(50);
  }
}
/** A result as plain JSON (numbers as numbers). */
const result = async (url: string, method: string, params: unknown = [], path = '/'): Promise<any> =>
  JSON.parse(stringifyWireJson(await wireResult(url, method, params, path)));

describe('node behind (reindex, catch-up, lagging node) as qtumd 27.1 shows it', () => {
  test('reindex: -28 warm-up with the init step, then getblockcount restarting low and climbing, -8 above it', async () => {
    const tip = sim.chain.tipHeight;
    sim.chain.view.reindex({ warmupMs: 300, fromHeight: 0, blocksPerSec: 0 });
    const warm = await call(sim.url, 'getblockcount');
    expect(warm.status).toBe(500);
    expect(warm.reply.error).toEqual({ code: expect.anything(), message: 'Loading block index…' });
    expect(stringifyWireJson(warm.reply.error!.code)).toBe('-28');
    await sleep(320);
    expect(await result(sim.url, 'getblockcount')).toBe(0);
    sim.chain.view.setActiveHeight(1_000);
    expect(await result(sim.url, 'getblockcount')).toBe(1_000);
    const above = await call(sim.url, 'getblockhash', [1_001]);
    expect(above.reply.error).toMatchObject({ message: 'Block height out of range' });
    expect(stringifyWireJson(above.reply.error!.code)).toBe('-8');
    expect(await result(sim.url, 'getblockhash', [1_000])).toBe(sim.chain.blockHash(1_000));
    const info = (await result(sim.url, 'getblockchaininfo'));
    expect({ blocks: info.blocks, headers: info.headers, ibd: info.initialblockdownload, vp: String(info.verificationprogress) })
      .toEqual({ blocks: 1_000, headers: 1_000, ibd: true, vp: '1' });
    expect(info.bestblockhash).toBe(sim.chain.blockHash(1_000));
    // A block above the active chain is not known yet.
    expect(stringifyWireJson((await call(sim.url, 'getblock', [sim.chain.blockHash(tip)])).reply.error!.code)).toBe('-5');
    // Blocks mined meanwhile are there when the node is back.
    sim.chain.mine(2, { kind: 'pow' });
    sim.chain.view.setActiveHeight(tip + 2);
    expect(await result(sim.url, 'getblockcount')).toBe(tip + 2);
    expect(((await result(sim.url, 'getblockchaininfo'))).initialblockdownload).toBe(false);
  });

  test('climbing by itself, and fallBehind for a while through the admin RPC on /sim', async () => {
    const tip = sim.chain.tipHeight;
    const st = (await result(sim.url, 'fallbehind', [150, 1], '/sim'));
    expect(st).toMatchObject({ tip, activeHeight: tip - 150, behind: true, initialblockdownload: true });
    expect(await result(sim.url, 'getblockcount')).toBe(tip - 150);
    await until(async () => (await result(sim.url, 'getblockcount')) === tip);
    sim.chain.view.fallBehind(tip, 100, { blocksPerSec: 200 });
    await sleep(200);
    const h = (await result(sim.url, 'getblockcount')) as number;
    expect(h).toBeGreaterThan(tip - 100);
    await until(async () => (await result(sim.url, 'getblockcount')) === tip);
    // A lagging replacement node out of IBD.
    await result(sim.url, 'fallbehind', [20, 0, false], '/sim');
    expect(((await result(sim.url, 'getblockchaininfo')))).toMatchObject({ blocks: tip - 20, initialblockdownload: false });
    await result(sim.url, 'catchup', [], '/sim');
    expect(await result(sim.url, 'getblockcount')).toBe(tip);
    // /sim methods are not qtumd's.
    expect((await call(sim.url, 'fallbehind', [1])).status).toBe(404);
  });

  test('returnToBranch: A->B->A reconnects the same blocks, and the coins they created', async () => {
    const base = sim.chain.tipHeight;
    sim.chain.mine(1, { kind: 'pool' });
    sim.chain.mine(2, { kind: 'self' });
    const a = [1, 2, 3].map((i) => sim.chain.blockHash(base + i));
    const stakerUtxosA = sim.chain.utxosOf(sim.wallet.address).length;
    sim.chain.reorg(3, [{ kind: 'pow' }, { kind: 'pow' }]);
    expect(sim.chain.tipHeight).toBe(base + 2);
    const b = [1, 2].map((i) => sim.chain.blockHash(base + i));
    expect(sim.chain.returnToBranch(a[2]!)).toEqual(a);
    expect([1, 2, 3].map((i) => sim.chain.blockHash(base + i))).toEqual(a);
    expect(sim.chain.utxosOf(sim.wallet.address)).toHaveLength(stakerUtxosA);
    const stale = (await result(sim.url, 'getblock', [b[0], 1]));
    expect(stale.confirmations).toBe(-1);
    expect(((await result(sim.url, 'getblock', [a[0], 1]))).confirmations).toBe(3);
    sim.chain.mine(1, { kind: 'pool' });
    expect(sim.chain.tipHeight).toBe(base + 4);
  });
});
