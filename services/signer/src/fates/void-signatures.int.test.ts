import { status } from '@grpc/grpc-js';
import { EARNED, earningsSignerHooks } from '../test/earnings-scenario';
import { callError, signBatch } from '../test/grpc-call';
import { makePlan } from '../test/plan-fixture';
import type { SignerFixture } from '../test/signer-harness';

/**
 * A payout the payout service dropped (its tx beaten by a conflicting spend) is re-planned and signed again under
 * a new batch id. The signer must not count the dead signature against the pool's earnings, and must count it
 * for as long as the chain does not prove it dead (PPM_PAYOUT_CONFIRMATIONS = 2 in the harness).
 */
describe('signed txs the chain proves can never be mined stop counting against the bounds', () => {
  let f: SignerFixture;
  earningsSignerHooks((fx) => { f = fx; });

  const D = () => f.sim.chain.delegates().find((d) => d.label === 'D')?.address ?? '';

  it('a dropped batch counts until its conflicting spend is buried PPM_PAYOUT_CONFIRMATIONS deep, then the new batch is signed', async () => {
    expect(EARNED).toBe(300_000_000n);
    const first = await signBatch(f.client, makePlan([[[f.addr.A, 150_000_000n], [f.addr.B, 100_000_000n]]]).request(0));
    // The payout service broadcast it; then a conflicting spend of one of its inputs is mined (1 block deep).
    await f.rpc.sendrawtransaction(first.rawTxHex);
    const conflict = f.sim.chain.conflictInMempool(first.txid);
    const again = makePlan([[[f.addr.A, 150_000_000n], [f.addr.B, 100_000_000n], [D(), 50_000_000n]]]);

    // 1 block deep: a reorg of 1 could still bring the first tx back, so it counts (250 M + 300 M > 300 M).
    const early = await callError(signBatch(f.client, again.request(0)));
    expect(early.code).toBe(status.PERMISSION_DENIED);
    expect(early.details).toMatch(/plus 250000000 sat signed before exceeds what the pool earned on chain: 300000000 sat/);

    // 2 blocks deep: the first tx can never be mined; only what can still be paid counts.
    f.sim.chain.mine(1);
    const second = await signBatch(f.client, again.request(0));
    expect(second.txid).not.toBe(first.txid);
    const warned = f.logs.lines().filter((l) => /can never be mined/.test(String(l.msg)));
    expect(warned).toEqual([expect.objectContaining({ voidBatchId: first.batchId, txid: first.txid, spender: conflict, depth: 2 })]);

    // Both count again beyond the earnings: the second batch is live (unbroadcast), so 300 M is all there is.
    const over = await callError(signBatch(f.client, makePlan([[[D(), 1_000_000n]]]).request(0)));
    expect(over.code).toBe(status.PERMISSION_DENIED);
    expect(over.details).toMatch(/plus 300000000 sat signed before exceeds/);
  });

  it('a signed tx whose inputs nobody else spent keeps counting, broadcast or not', async () => {
    const first = await signBatch(f.client, makePlan([[[f.addr.A, 200_000_000n]]]).request(0));
    f.sim.chain.mine(3);
    // Never broadcast: its inputs are unspent; it could be sent any time.
    const err = await callError(signBatch(f.client, makePlan([[[f.addr.B, 100_000_001n]]]).request(0)));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    await f.rpc.sendrawtransaction(first.rawTxHex);
    f.sim.chain.mine(3);
    // Mined: counts for good.
    const mined = await callError(signBatch(f.client, makePlan([[[f.addr.B, 100_000_001n]]]).request(0)));
    expect(mined.details).toMatch(/plus 200000000 sat signed before exceeds/);
    expect(f.logs.lines().some((l) => /can never be mined/.test(String(l.msg)))).toBe(false);
  });
});
