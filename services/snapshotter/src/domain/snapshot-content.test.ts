import { contentHash } from '@ppm/chain';
import { buildSnapshotContent, snapshotContentJson, snapshotHash } from './snapshot-content';

const base = {
  network: 'regtest' as const, height: 10, blockHash: 'ab'.repeat(32), stakerAddress: 'qS', rewardSats: 100n,
  maturity: 2000, minUtxoSats: 1n, requiredFee: 100,
};

describe('snapshot content', () => {
  it('sorts delegates, derives W, and hashes independently of input order', () => {
    const a = buildSnapshotContent({ ...base, delegates: [{ address: 'qB', fee: 100, weightSats: 5n }, { address: 'qA', fee: 100, weightSats: 7n }] });
    const b = buildSnapshotContent({ ...base, delegates: [{ address: 'qA', fee: 100, weightSats: 7n }, { address: 'qB', fee: 100, weightSats: 5n }] });
    expect(a.delegates.map((d) => d.address)).toEqual(['qA', 'qB']);
    expect(a.poolWeightSats).toBe(12n);
    expect(snapshotHash(a)).toBe(snapshotHash(b));
    expect(snapshotHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash when a weight changes', () => {
    const a = buildSnapshotContent({ ...base, delegates: [{ address: 'qA', fee: 100, weightSats: 7n }] });
    const b = buildSnapshotContent({ ...base, delegates: [{ address: 'qA', fee: 100, weightSats: 8n }] });
    expect(snapshotHash(a)).not.toBe(snapshotHash(b));
  });

  it('the stored JSON (snapshots.content) re-hashes to the content hash after a round trip through JSON', () => {
    const a = buildSnapshotContent({ ...base, delegates: [{ address: 'qB', fee: 100, weightSats: 5n }, { address: 'qA', fee: 100, weightSats: 7n }] });
    const stored = JSON.parse(JSON.stringify(snapshotContentJson(a))) as unknown;
    expect(contentHash(stored)).toBe(snapshotHash(a));
  });
});
