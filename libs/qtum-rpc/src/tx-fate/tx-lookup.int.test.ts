import { createQtumRpcClient } from '../create-client';
import type { QtumRpcClient } from '../client-api';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import { lookupTx } from './tx-lookup';

/** How the payout service and the signer read the node's answers about one txid, on the simulator behaving as qtumd 27.1. */
let sim: SimHandle;
let rpc: QtumRpcClient;
beforeAll(async () => {
  sim = await startSimulator({ scenario: { delegates: [{ label: 'A', utxos: ['200'] }] } });
  rpc = createQtumRpcClient({ url: sim.url, timeoutMs: 5_000 });
});
afterAll(async () => {
  rpc.close();
  await sim.close();
});
afterEach(() => {
  sim.chain.txindexBuilding = false;
});

describe('lookupTx', () => {
  it('mempool, then chain with confirmations, then "not indexed" (never "absent") while the txindex builds', async () => {
    const txid = sim.chain.fund(sim.chain.addKey('lookup-1').address, [100_000_000n]);
    expect((await lookupTx(rpc, txid)).where).toBe('mempool');
    sim.chain.mine(2);
    expect(await lookupTx(rpc, txid)).toMatchObject({ where: 'chain', confirmations: 2, blockHash: sim.chain.blockHash(sim.chain.tipHeight - 1) });
    sim.chain.txindexBuilding = true;
    expect(await lookupTx(rpc, txid)).toMatchObject({ where: 'not-indexed', reason: expect.stringMatching(/still in the process of being indexed/) as unknown });
    expect(await lookupTx(rpc, '11'.repeat(32))).toMatchObject({ where: 'not-indexed' });
  });

  it('absent only when the txindex is synced; a tx of a block that left the chain is absent', async () => {
    expect(await lookupTx(rpc, '22'.repeat(32))).toEqual({ where: 'absent' });
    const txid = sim.chain.fund(sim.chain.addKey('lookup-2').address, [100_000_000n]);
    sim.chain.mine(1);
    sim.chain.reorg(1, [{ kind: 'pow', includeMempool: false }, { kind: 'pow', includeMempool: false }]);
    expect((await lookupTx(rpc, txid)).where).toBe('mempool');
    sim.chain.dropFromMempool(txid);
    expect(await lookupTx(rpc, txid)).toEqual({ where: 'absent' });
  });

  it('a failing node is a retryable error, not an answer', async () => {
    sim.faults.inject({ method: 'getrawtransaction', kind: 'http-status', status: 503, body: 'busy', times: 10 });
    await expect(lookupTx(rpc, '33'.repeat(32))).rejects.toMatchObject({ name: 'RetryableError' });
    sim.faults.clear();
  });
});
