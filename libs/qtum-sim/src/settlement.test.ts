import { stringifyWireJson, type WireValue } from '@ppm/chain';
import type { StoredTx } from './chain-types';
import { startSimulator, type SimHandle } from './index';
import { storedTx } from './tx-builder';
import { decodeTxHex } from './tx-codec';
import { call, result } from './test/rpc-client';
import { testScenario } from './test/scenarios';

/**
 * What a payout manager needs to settle a payout from the chain, as qtumd 27.1 answers it
 * (node/transaction.cpp BroadcastTransaction, rpc/rawtransaction.cpp getrawtransaction, rpc/node.cpp getspentinfo).
 */
let sim: SimHandle;
beforeAll(async () => {
  sim = await startSimulator({ scenario: testScenario() });
});
afterAll(async () => {
  await sim.close();
});

async function hexOf(txid: string): Promise<string> {
  const hex = await result(sim.url, 'getrawtransaction', [txid]);
  if (typeof hex !== 'string') throw new Error('getrawtransaction verbosity 0 must give hex');
  return hex;
}

const code = (r: { reply: { error: { code: WireValue } | null } }) => (r.reply.error ? stringifyWireJson(r.reply.error.code) : null);

describe('re-sending a mined transaction', () => {
  test('-27 while one of its outputs is unspent, -25 missing/spent once all are spent', async () => {
    const k = sim.chain.addKey('settle-k');
    const fundTxid = sim.chain.fund(k.address, [100_000_000n]);
    sim.chain.mine(1);
    const hex = await hexOf(fundTxid);
    expect(code(await call(sim.url, 'sendrawtransaction', [hex]))).toBe('-27');
    // Spend K's output; the faucet change (the other output) is still unspent: still -27.
    sim.chain.transfer(k.address, sim.chain.miner.address, 50_000_000n);
    sim.chain.mine(1);
    expect(code(await call(sim.url, 'sendrawtransaction', [hex]))).toBe('-27');
    // The next funding spends the faucet change: every output of fundTxid is now spent.
    sim.chain.fund(sim.chain.addKey('settle-k2').address, [100_000_000n]);
    sim.chain.mine(1);
    const r = await call(sim.url, 'sendrawtransaction', [hex]);
    expect([code(r), r.reply.error?.message]).toEqual(['-25', 'bad-txns-inputs-missingorspent']);
    // Still mined and findable: the txindex is what tells "ours" from "someone else's".
    const tx = (await result(sim.url, 'getrawtransaction', [fundTxid, 1])) as Record<string, unknown>;
    expect(stringifyWireJson(tx.confirmations as never)).toBe('3');
  });
});

describe('getspentinfo', () => {
  test('spender of an outpoint: mempool (height -1), then block; -5 when unspent', async () => {
    const k = sim.chain.addKey('spent-k');
    const fundTxid = sim.chain.fund(k.address, [100_000_000n]);
    sim.chain.mine(1);
    const unspent = await call(sim.url, 'getspentinfo', [{ txid: fundTxid, index: 0 }]);
    expect([code(unspent), unspent.reply.error?.message]).toEqual(['-5', 'Unable to get spent info']);
    const spender = sim.chain.transfer(k.address, sim.chain.miner.address, 10_000_000n);
    const inMempool = (await result(sim.url, 'getspentinfo', [{ txid: fundTxid, index: 0 }])) as Record<string, unknown>;
    expect(stringifyWireJson(inMempool as never)).toBe(`{"txid":"${spender}","index":0,"height":-1}`);
    sim.chain.mine(1);
    const mined = (await result(sim.url, 'getspentinfo', [{ txid: fundTxid, index: 0 }])) as Record<string, unknown>;
    expect(stringifyWireJson(mined as never)).toBe(`{"txid":"${spender}","index":0,"height":${sim.chain.tipHeight}}`);
    const bad = await call(sim.url, 'getspentinfo', [{ txid: fundTxid, index: '0' }]);
    expect([code(bad), bad.reply.error?.message]).toEqual(['-5', 'Invalid txid or index']);
  });
});

describe('txindex still being built', () => {
  afterEach(() => {
    sim.chain.txindexBuilding = false;
  });

  test('mined txs answer -5 "still in the process of being indexed"; mempool txs are found; getindexinfo says so', async () => {
    const mined = sim.chain.fund(sim.chain.addKey('idx-k').address, [100_000_000n]);
    sim.chain.mine(1);
    const pending = sim.chain.fund(sim.chain.addKey('idx-k2').address, [100_000_000n]);
    sim.chain.txindexBuilding = true;
    const r = await call(sim.url, 'getrawtransaction', [mined, 1]);
    expect(code(r)).toBe('-5');
    expect(r.reply.error?.message).toBe('No such mempool transaction. Blockchain transactions are still in the process of being indexed. Use gettransaction for wallet transactions.');
    expect(code(await call(sim.url, 'getrawtransaction', [pending, 1]))).toBeNull();
    expect(stringifyWireJson((await result(sim.url, 'getindexinfo', [])) as never)).toBe('{"txindex":{"synced":false,"best_block_height":0}}');
    sim.chain.txindexBuilding = false;
    expect(code(await call(sim.url, 'getrawtransaction', [mined, 1]))).toBeNull();
    expect(stringifyWireJson((await result(sim.url, 'getindexinfo', ['txindex'])) as never)).toBe(`{"txindex":{"synced":true,"best_block_height":${sim.chain.tipHeight}}}`);
    expect(stringifyWireJson((await result(sim.url, 'getindexinfo', ['coinstatsindex'])) as never)).toBe('{}');
    const unknown = await call(sim.url, 'getrawtransaction', ['00'.repeat(32), 1]);
    expect(unknown.reply.error?.message).toBe('No such mempool or blockchain transaction. Use gettransaction for wallet transactions.');
    sim.chain.mine(1);
  });
});

describe('a parent lost by this node but kept by its peers', () => {
  test('the child is refused -25 until a peer block brings the parent', async () => {
    const k = sim.chain.addKey('lost-k');
    // Two fundings in a row: the second spends the first's unconfirmed faucet change (a child of it).
    const parent = sim.chain.fund(k.address, [100_000_000n]);
    const child = sim.chain.fund(k.address, [100_000_000n]);
    const childHex = await hexOf(child);
    expect(sim.chain.loseFromMempool(parent).sort()).toEqual([parent, child].sort());
    expect(sim.chain.mempoolTxids()).not.toContain(parent);
    const r = await call(sim.url, 'sendrawtransaction', [childHex]);
    expect([code(r), r.reply.error?.message]).toEqual(['-25', 'bad-txns-inputs-missingorspent']);
    expect(code(await call(sim.url, 'getrawtransaction', [parent, 1]))).toBe('-5');
    sim.chain.mine(1, { kind: 'foreign' });
    const p = (await result(sim.url, 'getrawtransaction', [parent, 1])) as Record<string, unknown>;
    expect(stringifyWireJson(p.confirmations as never)).toBe('1');
    expect(await result(sim.url, 'sendrawtransaction', [childHex])).toBe(child);
  });
});

describe('a tx whose block left the active chain', () => {
  test('getrawtransaction still finds it (txindex): stale blockhash, confirmations 0, height -1, no times', async () => {
    const txid = sim.chain.fund(sim.chain.addKey('stale-k').address, [100_000_000n]);
    const [mined] = sim.chain.mine(1);
    sim.chain.reorg(1, [{ kind: 'pow', includeMempool: false }, { kind: 'pow', includeMempool: false }]);
    expect(sim.chain.dropFromMempool(txid)).toBe(true);
    const tx = (await result(sim.url, 'getrawtransaction', [txid, 1])) as Record<string, WireValue>;
    expect(Object.keys(tx).slice(-3)).toEqual(['blockhash', 'confirmations', 'height']);
    expect([tx.blockhash, stringifyWireJson(tx.confirmations ?? null), stringifyWireJson(tx.height ?? null)]).toEqual([mined, '0', '-1']);
    // Mined again on the active chain: found there.
    sim.chain.mine(1, { kind: 'pow' }, [(await decodeTx(txid))]);
    const again = (await result(sim.url, 'getrawtransaction', [txid, 1])) as Record<string, WireValue>;
    expect(stringifyWireJson(again.confirmations ?? null)).toBe('1');
  });
});

async function decodeTx(txid: string): Promise<StoredTx> {
  return storedTx(decodeTxHex(await hexOf(txid)));
}
