import fc from 'fast-check';
import { batchIdFor, planHash } from '@ppm/chain';
import { buildPlan, cutBatches, planFromContent, type PlanSettings } from './plan';
import { estimateBatchBytes, estimateBatchFeeSats, estimateTxBytes, MAX_BATCH_VBYTES } from './fee';
import { planContentFromJson, planContentToJson } from './plan-json';

const S: PlanSettings = { PPM_NETWORK: 'regtest', PPM_MIN_PAYOUT_SATS: 100_000n, PPM_MAX_OUTPUTS_PER_TX: 2 };

describe('buildPlan', () => {
  it('pays balances >= minimum whole, carries the rest, sorts by address and chunks', () => {
    const plan = buildPlan([
      { address: 'qD', balanceSats: 100_000n },
      { address: 'qA', balanceSats: 250_000n },
      { address: 'qC', balanceSats: 99_999n },
      { address: 'qB', balanceSats: 5_000_000n },
      { address: 'qE', balanceSats: 0n },
      { address: 'qF', balanceSats: -5n },
      { address: 'qG', balanceSats: 100_001n },
    ], 1234, S);
    expect(plan.batches.map((b) => b.outputs.map((o) => o.address))).toEqual([['qA', 'qB'], ['qD', 'qG']]);
    expect(plan.totalSats).toBe(250_000n + 5_000_000n + 100_000n + 100_001n);
    expect(plan.delegatesPaid).toBe(4);
    expect(plan.delegatesCarried).toBe(1);
    expect(plan.carriedSats).toBe(99_999n);
    expect(plan.hash).toBe(planHash(plan.content));
    expect(plan.batches.map((b) => b.batchId)).toEqual([batchIdFor(plan.hash, 0), batchIdFor(plan.hash, 1)]);
    expect(plan.estimatedFeeSats).toBe(plan.batches.reduce((t, b) => t + b.estimatedFeeSats, 0n));
  });

  it('gives the same hash for the same balances in any order, another for another height', () => {
    const a = buildPlan([{ address: 'qA', balanceSats: 200_000n }, { address: 'qB', balanceSats: 300_000n }], 10, S);
    const b = buildPlan([{ address: 'qB', balanceSats: 300_000n }, { address: 'qA', balanceSats: 200_000n }], 10, S);
    const c = buildPlan([{ address: 'qB', balanceSats: 300_000n }, { address: 'qA', balanceSats: 200_000n }], 11, S);
    expect(a.hash).toBe(b.hash);
    expect(c.hash).not.toBe(a.hash);
  });

  it('is empty when nobody reaches the minimum', () => {
    const plan = buildPlan([{ address: 'qA', balanceSats: 1n }], 1, S);
    expect(plan.batches).toEqual([]);
    expect(plan.totalSats).toBe(0n);
  });

  it('refuses duplicate rows (would pay twice)', () => {
    expect(() => buildPlan([{ address: 'qA', balanceSats: 200_000n }, { address: 'qA', balanceSats: 200_000n }], 1, S)).toThrow(/duplicate/);
  });

  it('conserves money and respects the batch size (property)', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.record({ address: fc.stringMatching(/^q[1-9A-HJ-NP-Za-km-z]{5}$/), balanceSats: fc.bigInt({ min: -10n, max: 10n ** 12n }) }), { selector: (r) => r.address, maxLength: 60 }),
      fc.integer({ min: 1, max: 7 }),
      (balances, max) => {
        const plan = buildPlan(balances, 5, { ...S, PPM_MAX_OUTPUTS_PER_TX: max });
        const outs = plan.batches.flatMap((b) => b.outputs);
        const payable = balances.filter((b) => b.balanceSats >= S.PPM_MIN_PAYOUT_SATS);
        expect(outs.length).toBe(payable.length);
        expect(plan.totalSats + plan.carriedSats).toBe(balances.filter((b) => b.balanceSats > 0n).reduce((t, b) => t + b.balanceSats, 0n));
        expect(plan.batches.every((b) => b.outputs.length >= 1 && b.outputs.length <= max)).toBe(true);
        expect(plan.batches.slice(0, -1).every((b) => b.outputs.length === max)).toBe(true);
        const addrs = outs.map((o) => o.address);
        expect(addrs).toEqual([...addrs].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
        // The stored JSON form round-trips to the same plan.
        const again = planFromContent(planContentFromJson(JSON.parse(JSON.stringify(planContentToJson(plan.content)))));
        expect(again.hash).toBe(plan.hash);
        expect(again.batches.map((b) => b.batchId)).toEqual(plan.batches.map((b) => b.batchId));
      },
    ));
  });
});

describe('batch byte budget', () => {
  const out = (i: number, qtum: bigint) => ({ address: `q${String(i).padStart(5, '0')}`, amountSats: qtum * 100_000_000n });

  it('keeps 2,500 small outputs in one transaction (~85 kB)', () => {
    const small = Array.from({ length: 2_500 }, (_, i) => out(i, 1n));
    expect(cutBatches(small, 2_500).map((b) => b.length)).toEqual([2_500]);
  });

  it('cuts earlier when the amounts need many inputs: every batch within the budget, inputs included', () => {
    // 2,500 outputs of 40 QTUM = 100,000 QTUM: ~1,000 inputs of ~100 QTUM (148 kB of inputs alone).
    const big = Array.from({ length: 2_500 }, (_, i) => out(i, 40n));
    const batches = cutBatches(big, 2_500);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(big);
    for (const b of batches) {
      expect(estimateBatchBytes(b.length, b.reduce((t, o) => t + o.amountSats, 0n))).toBeLessThanOrEqual(MAX_BATCH_VBYTES);
    }
    // Each batch is as full as the budget allows: one more output would not fit.
    const first = batches[0]!;
    const next = big[first.length]!;
    expect(estimateBatchBytes(first.length + 1, first.reduce((t, o) => t + o.amountSats, 0n) + next.amountSats)).toBeGreaterThan(MAX_BATCH_VBYTES);
  });

  it('gives an output too large for any budget a batch of its own', () => {
    const huge = [out(0, 1n), out(1, 100_000n), out(2, 1n)];
    expect(cutBatches(huge, 2_500).map((b) => b.map((o) => o.address))).toEqual([['q00000'], ['q00001'], ['q00002']]);
  });
});

describe('fee estimate', () => {
  it('uses ~10 + 148 inputs + 34 outputs bytes at 400 sat/vB, with a change output and the 47-byte root output', () => {
    expect(estimateTxBytes(1, 2)).toBe(10 + 148 + 68);
    // 1 QTUM total -> 1 input; 2 outputs + change.
    expect(estimateBatchFeeSats(2, 100_000_000n)).toBe(BigInt(10 + 148 + 34 * 3 + 47) * 400n);
    // 250 QTUM -> 3 inputs of ~100 QTUM.
    expect(estimateBatchFeeSats(1, 25_000_000_000n)).toBe(BigInt(10 + 148 * 3 + 34 * 2 + 47) * 400n);
  });
});

describe('plan JSON', () => {
  it('rejects malformed stored content', () => {
    expect(() => planContentFromJson({ network: 'mars', asOfHeight: 1, batches: [] })).toThrow(/network/);
    expect(() => planContentFromJson({ network: 'regtest', asOfHeight: 1, batches: [[{ address: 'q', amountSats: '1.5' }]] })).toThrow();
  });
});
