import { encodeAddress } from '@ppm/chain';
import { PoolshareFileError, formatPoolshareFile, parsePoolshareFile } from './poolshare-file';

const A = encodeAddress('aa'.repeat(20), 'testnet');
const B = encodeAddress('bb'.repeat(20), 'testnet');

function problemLines(text: string): number[] {
  try {
    parsePoolshareFile(text, 'testnet');
  } catch (err) {
    if (err instanceof PoolshareFileError) return err.problems.map((p) => p.line);
    throw err;
  }
  return [];
}

describe('parsePoolshareFile', () => {
  it('reads the original format, keeping slot order', () => {
    const f = parsePoolshareFile(`block,812345,poolbalance,1500,\npoolrevenue,0.0,\ndelegate,${B},poolshare,1000,\ndelegate,${A},poolshare,500,\n`, 'testnet');
    expect(f).toEqual({ block: 812_345, poolBalanceSats: 1_500n, poolRevenueSats: 0n, delegates: [{ address: B, shareSats: 1_000n }, { address: A, shareSats: 500n }] });
  });

  it('accepts CRLF (the Windows original), no delegates, and a negative float revenue (truncated like the reader)', () => {
    const f = parsePoolshareFile('block,5,poolbalance,0,\r\npoolrevenue,-960000000.0000002,\r\n', 'testnet');
    expect(f).toEqual({ block: 5, poolBalanceSats: 0n, poolRevenueSats: -960_000_000n, delegates: [] });
  });

  it.each([
    ['an empty file', '', [1]],
    ['a missing revenue line', 'block,1,poolbalance,0,\n', [2]],
    ['the block line not first', `poolrevenue,0,\nblock,1,poolbalance,0,\n`, [1, 2]],
    ['a missing trailing comma', `block,1,poolbalance,0,\npoolrevenue,0,\ndelegate,${A},poolshare,1\n`, [3]],
    ['a float share', `block,1,poolbalance,0,\npoolrevenue,0,\ndelegate,${A},poolshare,1.0,\n`, [3]],
    ['a negative share', `block,1,poolbalance,0,\npoolrevenue,0,\ndelegate,${A},poolshare,-1,\n`, [3]],
    ['a float pool balance', 'block,1,poolbalance,1.5,\npoolrevenue,0,\n', [1]],
    ['a duplicate delegate', `block,1,poolbalance,0,\npoolrevenue,0,\ndelegate,${A},poolshare,1,\ndelegate,${A},poolshare,2,\n`, [4]],
    ['a 33-character address', `block,1,poolbalance,0,\npoolrevenue,0,\ndelegate,${A.slice(1)},poolshare,1,\n`, [3]],
    ['a bad checksum', `block,1,poolbalance,0,\npoolrevenue,0,\ndelegate,${A.slice(0, -1)}${A.endsWith('z') ? 'y' : 'z'},poolshare,1,\n`, [3]],
    ['a mainnet address on testnet', `block,1,poolbalance,0,\npoolrevenue,0,\ndelegate,${encodeAddress('aa'.repeat(20), 'mainnet')},poolshare,1,\n`, [3]],
    ['a blank line in the middle', `block,1,poolbalance,0,\npoolrevenue,0,\n\ndelegate,${A},poolshare,1,\n`, [3]],
    ['several bad lines', `block,x,poolbalance,0,\npoolrevenue,0,\ndelegate,${A},poolshare,1,\ndelegate,bad,poolshare,2,\nfoo\n`, [1, 4, 5]],
  ])('refuses %s, naming the lines', (_what, text, lines) => {
    expect(problemLines(text)).toEqual(lines);
  });

  it('says which lines are wrong in the message', () => {
    expect(() => parsePoolshareFile('block,1,poolbalance,0,\npoolrevenue,0,\nfoo,\n', 'testnet')).toThrow(/1 problem\):\n {2}line 3: expected "delegate/);
  });
});

describe('formatPoolshareFile', () => {
  it('writes the exact format and reads back', () => {
    const file = { block: 7, poolBalanceSats: 30n, poolRevenueSats: 4n, delegates: [{ address: A, shareSats: 10n }, { address: B, shareSats: 20n }] };
    const text = formatPoolshareFile(file);
    expect(text).toBe(`block,7,poolbalance,30,\npoolrevenue,4,\ndelegate,${A},poolshare,10,\ndelegate,${B},poolshare,20,\n`);
    expect(parsePoolshareFile(text, 'testnet')).toEqual(file);
  });
});
