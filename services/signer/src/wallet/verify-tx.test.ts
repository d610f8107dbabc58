import { p2pkhScriptHex, payoutRootScriptHex } from '@ppm/chain';
import { SignerRefusal } from '../signing/refusal';
import { checkFeeRate, verifyPaysExactly } from './verify-tx';

const S = 'c579ee1fa4329028e2e3e9cbc5d37010f7c4eb6e';
const A = { address: 'qSCLdYccdW7ic74GcJ3TvDYNdgqHJzjM4G', hash160Hex: '5ebe49e08f75d4ae4fdc52c6b75c03ac35da7179', amountSats: 75_000_000n };
const B = { address: 'qMRJjv3pQ36q1X4eTzudWcXvJ6uTRBbJCg', hash160Hex: '2a597d445c5380d3f5e47a524ed7726c7fbe0e39', amountSats: 112_500_000n };
const out = (h: string, v: bigint) => ({ scriptHex: p2pkhScriptHex(h), valueSats: v });
const ROOT = payoutRootScriptHex('ab'.repeat(32));
const root = { scriptHex: ROOT, valueSats: 0n };
const tx = (outputs: { scriptHex: string; valueSats: bigint }[]) => ({ txid: 'aa', vsize: 259, inputs: [], outputs });

describe('verifyPaysExactly (fixture 079 shape: A, change to S, B)', () => {
  it('returns the change', () => {
    expect(verifyPaysExactly(tx([out(A.hash160Hex, A.amountSats), out(S, 19_812_396_400n), root, out(B.hash160Hex, B.amountSats)]), [A, B], S, ROOT)).toBe(19_812_396_400n);
    expect(verifyPaysExactly(tx([root, out(B.hash160Hex, B.amountSats), out(A.hash160Hex, A.amountSats)]), [A, B], S, ROOT)).toBe(0n);
  });
  it.each([
    ['a wrong amount', [root, out(A.hash160Hex, A.amountSats + 1n), out(B.hash160Hex, B.amountSats)]],
    ['a missing output', [root, out(A.hash160Hex, A.amountSats)]],
    ['an extra payee', [root, out(A.hash160Hex, A.amountSats), out(B.hash160Hex, B.amountSats), out('11'.repeat(20), 1_000_000n)]],
    ['two change outputs', [root, out(A.hash160Hex, A.amountSats), out(B.hash160Hex, B.amountSats), out(S, 1n), out(S, 2n)]],
    ['an output paid twice', [root, out(A.hash160Hex, A.amountSats), out(A.hash160Hex, A.amountSats), out(B.hash160Hex, B.amountSats)]],
    ['no root output', [out(A.hash160Hex, A.amountSats), out(B.hash160Hex, B.amountSats)]],
    ['another root', [{ scriptHex: payoutRootScriptHex('cd'.repeat(32)), valueSats: 0n }, out(A.hash160Hex, A.amountSats), out(B.hash160Hex, B.amountSats)]],
    ['two root outputs', [root, root, out(A.hash160Hex, A.amountSats), out(B.hash160Hex, B.amountSats)]],
    ['a root output with value', [{ scriptHex: ROOT, valueSats: 1n }, out(A.hash160Hex, A.amountSats), out(B.hash160Hex, B.amountSats)]],
  ])('refuses %s', (_n, outputs) => {
    expect(() => verifyPaysExactly(tx(outputs), [A, B], S, ROOT)).toThrow(SignerRefusal);
  });
});

describe('checkFeeRate', () => {
  const bounds = { minSatPerVb: 400, maxSatPerVb: 2_000 };
  it('accepts the fixture payout (103600 sat for 259 vB = 400 sat/vB) and refuses outside the bounds', () => {
    expect(() => checkFeeRate(103_600n, 259, bounds, 't')).not.toThrow();
    expect(() => checkFeeRate(103_599n, 259, bounds, 't')).toThrow(/outside/);
    expect(() => checkFeeRate(518_001n, 259, bounds, 't')).toThrow(/outside/);
    expect(() => checkFeeRate(1n, 0, bounds, 't')).toThrow(/outside/);
  });
});
