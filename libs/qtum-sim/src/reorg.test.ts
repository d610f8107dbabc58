/* eslint-disable @typescript-eslint/no-explicit-any -- RPC replies are untyped JSON walked by the assertions. */
import { startSimulator, type SimHandle } from './index';
import { result } from './test/rpc-client';
import { testScenario } from './test/scenarios';

let sim: SimHandle;
let A: string;
let P: string;
beforeAll(async () => {
  sim = await startSimulator({ scenario: testScenario() });
  const byLabel = new Map(sim.chain.delegates().map((d) => [d.label, d.address]));
  A = byLabel.get('A')!;
  P = byLabel.get('P')!;
});
afterAll(async () => {
  await sim.close();
});

type Obj = Record<string, any>;
const count = async (method: string, arg: unknown) => ((await result(sim.url, method, [arg])) as unknown[]).length;

describe('reorg', () => {
  test('replaces blocks with new hashes, rolls back UTXOs, index, events and stake use', async () => {
    const base = sim.chain.tipHeight;
    const utxosBefore = await count('getaddressutxos', { addresses: [P] });
    const delegationsBefore = await count('getdelegationsforstaker', sim.wallet.address);
    const transferTx = sim.chain.transfer(A, P, 5n * 100_000_000n);
    sim.chain.addDelegation(P, 100);
    sim.chain.mine(1, { kind: 'pool', delegate: A });
    sim.chain.mine(2, { kind: 'self' });
    expect(await count('getaddressutxos', { addresses: [P] })).toBe(utxosBefore + 1);
    expect(await count('getdelegationsforstaker', sim.wallet.address)).toBe(delegationsBefore + 1);
    const old = [1, 2, 3].map((i) => sim.chain.blockHash(base + i));
    const oldBlock = (await result(sim.url, 'getblock', [old[0], 1])) as Obj;

    // Drop the txs first so the new branch does not re-mine them.
    const hashes = sim.chain.reorg(3, [{ kind: 'pow', includeMempool: false }, { kind: 'pow', includeMempool: false }, { kind: 'pow', includeMempool: false }, { kind: 'pow', includeMempool: false }]);
    expect(hashes).toHaveLength(4);
    expect(sim.chain.tipHeight).toBe(base + 4);
    for (const [i, h] of old.entries()) expect(sim.chain.blockHash(base + 1 + i)).not.toBe(h);
    expect(await count('getaddressutxos', { addresses: [P] })).toBe(utxosBefore);
    expect(await count('getdelegationsforstaker', sim.wallet.address)).toBe(delegationsBefore);
    const logs = (await result(sim.url, 'searchlogs', [base + 1, 'latest', { addresses: ['0000000000000000000000000000000000000086'] }])) as Obj[];
    expect(logs).toHaveLength(0);
    // The replaced txs are back in the mempool; the stale block answers with confirmations -1.
    expect(sim.chain.mempoolTxids()).toContain(transferTx);
    const stale = (await result(sim.url, 'getblock', [old[0], 1])) as Obj;
    expect(stale.confirmations.text).toBe('-1');
    expect(stale.height.text).toBe(oldBlock.height.text);
    const mem = (await result(sim.url, 'getaddressmempool', [{ addresses: [P] }])) as Obj[];
    expect(mem).toHaveLength(1);
    // The delegate UTXO staked in the replaced pool block is no longer "recently staked".
    sim.chain.mine(1);
    expect(sim.chain.mempoolTxids()).toHaveLength(0);
    expect(await count('getdelegationsforstaker', sim.wallet.address)).toBe(delegationsBefore + 1);
    const raw = (await result(sim.url, 'getrawtransaction', [transferTx, true])) as Obj;
    expect(raw.height.text).toBe(String(base + 5));
  });

  test('deep reorg by default remines depth+1 blocks of the same kinds', () => {
    const tip = sim.chain.tipHeight;
    sim.chain.mine(3, { kind: 'self' });
    const before = sim.chain.blockHash(tip + 3);
    sim.chain.reorg(3);
    expect(sim.chain.tipHeight).toBe(tip + 4);
    expect(sim.chain.blockHash(tip + 3)).not.toBe(before);
    expect(sim.chain.block(tip + 2)?.kind).toBe('self');
  });

  test('conflictInMempool makes a mempool tx unconfirmable; dropFromMempool removes it', async () => {
    const t1 = sim.chain.transfer(A, P, 1n * 100_000_000n);
    const conflict = sim.chain.conflictInMempool(t1);
    expect(sim.chain.mempoolTxids()).not.toContain(t1);
    expect(((await result(sim.url, 'getrawtransaction', [conflict, 1])) as Obj).confirmations.text).toBe('1');
    const t2 = sim.chain.transfer(A, P, 1n * 100_000_000n);
    expect(sim.chain.dropFromMempool(t2)).toBe(true);
    expect(sim.chain.mempoolTxids()).toHaveLength(0);
  });
});
