import { batchIdFor, planHash, type NetworkName } from '@ppm/chain';
import type { SignBatchRequest } from '@ppm/proto';
import { parseBatchRequest } from './batch-request';
import { SignerRefusal } from './refusal';

const A = 'qSCLdYccdW7ic74GcJ3TvDYNdgqHJzjM4G';
const B = 'qMRJjv3pQ36q1X4eTzudWcXvJ6uTRBbJCg';

function request(batches: { address: string; amountSats: string }[][], network: NetworkName = 'regtest', index = 0): SignBatchRequest {
  const hash = planHash({ network, asOfHeight: 5600, batches: batches.map((b) => b.map((o) => ({ address: o.address, amountSats: BigInt(o.amountSats) }))) });
  return {
    batchId: batchIdFor(hash, index),
    planHash: hash,
    plan: { network, asOfHeight: '5600', batches: batches.map((outputs, i) => ({ batchId: batchIdFor(hash, i), outputs })) },
  };
}

function refusal(fn: () => unknown): SignerRefusal {
  try {
    fn();
  } catch (err) {
    if (err instanceof SignerRefusal) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseBatchRequest', () => {
  const good = request([[{ address: A, amountSats: '75000000' }, { address: B, amountSats: '112500000' }], [{ address: A, amountSats: '100000' }]], 'regtest', 1);

  it('accepts a consistent request and picks the batch', () => {
    const r = parseBatchRequest(good);
    expect(r.batchIndex).toBe(1);
    expect(r.outputs).toEqual([{ address: A, amountSats: 100_000n }]);
    expect(r.totalSats).toBe(100_000n);
  });

  it('refuses a plan hash that is not the plan\'s (INVALID_ARGUMENT)', () => {
    const r = refusal(() => parseBatchRequest({ ...good, planHash: 'a'.repeat(64) }));
    expect(r.kind).toBe('invalid');
    expect(r.message).toMatch(/does not match the plan's contents/);
  });

  it('refuses changed contents under the original hash', () => {
    const plan = structuredClone(good.plan!);
    plan.batches[0]!.outputs[0]!.amountSats = '75000001';
    expect(refusal(() => parseBatchRequest({ ...good, plan })).message).toMatch(/does not match/);
  });

  it('refuses a batch id that is not in the plan, and batch ids not derived from the hash', () => {
    expect(refusal(() => parseBatchRequest({ ...good, batchId: `${good.planHash.slice(0, 32)}-7` })).message).toMatch(/not one of the plan's batches/);
    const plan = structuredClone(good.plan!);
    plan.batches[0]!.batchId = 'my-own-id';
    expect(refusal(() => parseBatchRequest({ ...good, plan })).message).toMatch(/expected/);
  });

  it.each([
    ['no plan', { plan: undefined }],
    ['empty batch id', { batchId: '' }],
    ['short hash', { planHash: 'abc' }],
  ])('refuses %s', (_name, patch) => {
    expect(refusal(() => parseBatchRequest({ ...good, ...patch })).kind).toBe('invalid');
  });

  it.each(['1.5', '-1', '01', '', '1e8', '99999999999999999999'])('refuses the amount %j', (amount) => {
    // Amounts are checked before the hash, so any well-formed hash will do.
    const bad: SignBatchRequest = { ...good, plan: { ...good.plan!, batches: [{ batchId: 'x', outputs: [{ address: A, amountSats: amount }] }] } };
    expect(refusal(() => parseBatchRequest(bad)).kind).toBe('invalid');
  });

  it('refuses an address twice in one batch, a bad network and a bad height', () => {
    expect(refusal(() => parseBatchRequest(request([[{ address: A, amountSats: '100000' }, { address: A, amountSats: '100000' }]]))).message).toMatch(/twice/);
    expect(refusal(() => parseBatchRequest({ ...good, plan: { ...good.plan!, network: 'moon' } })).message).toMatch(/network/);
    expect(refusal(() => parseBatchRequest({ ...good, plan: { ...good.plan!, asOfHeight: '-3' } })).message).toMatch(/height/);
  });
});
