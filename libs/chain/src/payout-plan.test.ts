import { canonicalJson, contentHash } from './canonical-json';
import { batchIdFor, planHash } from './payout-plan';

describe('canonical JSON and plan hashes', () => {
  it('sorts keys, drops undefined, writes bigint as strings', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2n, c: 'x' }], u: undefined })).toBe('{"a":[{"c":"x","d":"2"}],"b":1}');
  });

  it('refuses floats', () => {
    expect(() => canonicalJson({ a: 0.5 })).toThrow(/safe integers/);
  });

  it('hashes the same content the same way whatever the key order', () => {
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
  });

  it('plan hash changes with any amount, and batch ids derive from it', () => {
    const plan = { network: 'regtest' as const, asOfHeight: 100, batches: [[{ address: 'qA', amountSats: 150_000n }]] };
    const h = planHash(plan);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(planHash({ ...plan, batches: [[{ address: 'qA', amountSats: 150_001n }]] })).not.toBe(h);
    expect(planHash({ ...plan, asOfHeight: 101 })).not.toBe(h);
    expect(batchIdFor(h, 2)).toBe(`${h.slice(0, 32)}-2`);
  });
});
