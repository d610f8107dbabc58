import { createHash } from 'node:crypto';
import { encodeAddress } from './address';
import {
  buildPayoutTree, MerkleError, payoutLeafHash, payoutProof, payoutRootScriptHex, rootFromProof, rootFromScriptHex,
  verifyPayoutProof,
} from './merkle';

const addr = (n: number) => encodeAddress(n.toString(16).padStart(40, '0'), 'regtest');
const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** The leaf written out byte by byte, independently of merkle.ts. */
function handLeaf(n: number, amount: bigint): Buffer {
  const a = Buffer.alloc(8);
  a.writeBigUInt64BE(amount);
  return h(Buffer.from([0x00, 0x01, 0x78]), Buffer.from(n.toString(16).padStart(40, '0'), 'hex'), a);
}

describe('payout Merkle tree', () => {
  const outputs = [
    { address: addr(1), amountSats: 150_000n },
    { address: addr(2), amountSats: 2_000_000n },
    { address: addr(3), amountSats: 99_999_999n },
  ];

  it('hashes leaves as 0x00 || 0x01 || version byte || hash160 || u64 BE amount', () => {
    expect(payoutLeafHash(addr(1), 150_000n, 'regtest')).toBe(handLeaf(1, 150_000n).toString('hex'));
  });

  it('sorts leaves by hash, hashes pairs with 0x01 and promotes the odd node (hand-computed root)', () => {
    const leaves = [handLeaf(1, 150_000n), handLeaf(2, 2_000_000n), handLeaf(3, 99_999_999n)].sort(Buffer.compare);
    const [l0, l1, l2] = leaves as [Buffer, Buffer, Buffer];
    const root = h(Buffer.from([0x01]), h(Buffer.from([0x01]), l0, l1), l2);
    const tree = buildPayoutTree(outputs, 'regtest');
    expect(tree.root).toBe(root.toString('hex'));
    // The order of the plan's outputs does not matter.
    expect(buildPayoutTree([...outputs].reverse(), 'regtest').root).toBe(tree.root);
  });

  it('gives every delegate a proof that leads to the root', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ address: addr(i + 1), amountSats: BigInt(100_000 + i) }));
    const tree = buildPayoutTree(many, 'regtest');
    for (const o of many) {
      const p = payoutProof(tree, o.address);
      expect(p).toBeDefined();
      expect(verifyPayoutProof(o, p?.steps ?? [], tree.root, 'regtest')).toBe(true);
    }
    expect(payoutProof(tree, addr(99))).toBeUndefined();
  });

  it('a tampered amount, address or step does not verify', () => {
    const tree = buildPayoutTree(outputs, 'regtest');
    const p = payoutProof(tree, addr(2));
    const steps = p?.steps ?? [];
    expect(verifyPayoutProof({ address: addr(2), amountSats: 2_000_001n }, steps, tree.root, 'regtest')).toBe(false);
    expect(verifyPayoutProof({ address: addr(4), amountSats: 2_000_000n }, steps, tree.root, 'regtest')).toBe(false);
    const first = steps[0];
    if (!first) throw new Error('expected a step');
    const flipped = [{ ...first, side: first.side === 'left' ? 'right' as const : 'left' as const }, ...steps.slice(1)];
    expect(verifyPayoutProof({ address: addr(2), amountSats: 2_000_000n }, flipped, tree.root, 'regtest')).toBe(false);
  });

  it('a redirected payment is a v2 leaf naming the delegate and the address paid, with its own proof', () => {
    const a = Buffer.alloc(8);
    a.writeBigUInt64BE(300_000n);
    const hex20 = (n: number) => Buffer.from(n.toString(16).padStart(40, '0'), 'hex');
    const hand = h(Buffer.from([0x00, 0x02, 0x78]), hex20(4), Buffer.from([0x78]), hex20(2), a);
    expect(payoutLeafHash(addr(4), 300_000n, 'regtest', addr(2))).toBe(hand.toString('hex'));
    // B (addr 2) is paid for itself and for A (addr 4): two leaves, one per delegate.
    const tree = buildPayoutTree([...outputs, { address: addr(4), amountSats: 300_000n, paidTo: addr(2) }], 'regtest');
    const p = payoutProof(tree, addr(4));
    expect(p?.leaf).toEqual({ address: addr(4), amountSats: 300_000n, paidTo: addr(2), leafHash: hand.toString('hex') });
    expect(verifyPayoutProof({ address: addr(4), amountSats: 300_000n, paidTo: addr(2) }, p?.steps ?? [], tree.root, 'regtest')).toBe(true);
    // The same amount claimed as paid to A itself, or to another address, does not verify.
    expect(verifyPayoutProof({ address: addr(4), amountSats: 300_000n }, p?.steps ?? [], tree.root, 'regtest')).toBe(false);
    expect(verifyPayoutProof({ address: addr(4), amountSats: 300_000n, paidTo: addr(3) }, p?.steps ?? [], tree.root, 'regtest')).toBe(false);
    // paidTo equal to the delegate is the plain leaf (one canonical encoding).
    expect(buildPayoutTree([{ address: addr(1), amountSats: 150_000n, paidTo: addr(1) }], 'regtest').root).toBe(handLeaf(1, 150_000n).toString('hex'));
  });

  it('a single leaf is its own root', () => {
    const tree = buildPayoutTree([outputs[0]!], 'regtest');
    expect(tree.root).toBe(handLeaf(1, 150_000n).toString('hex'));
    expect(rootFromProof(tree.root, [])).toBe(tree.root);
  });

  it('refuses an empty plan, an address paid twice, a zero amount and a foreign address', () => {
    expect(() => buildPayoutTree([], 'regtest')).toThrow(MerkleError);
    expect(() => buildPayoutTree([outputs[0]!, outputs[0]!], 'regtest')).toThrow(/twice/);
    expect(() => payoutLeafHash(addr(1), 0n, 'regtest')).toThrow(/amount/);
    expect(() => payoutLeafHash(encodeAddress('11'.repeat(20), 'mainnet'), 1n, 'regtest')).toThrow(/not a regtest address/);
  });

  it('writes and reads the OP_RETURN commitment (tag PPM1, 36-byte push)', () => {
    const root = 'ab'.repeat(32);
    const script = payoutRootScriptHex(root);
    expect(script).toBe(`6a2450504d31${root}`);
    expect(rootFromScriptHex(script)).toBe(root);
    expect(rootFromScriptHex(`6a2450504d32${root}`)).toBeUndefined();
    expect(rootFromScriptHex('6a24aa21a9ed')).toBeUndefined();
  });
});
