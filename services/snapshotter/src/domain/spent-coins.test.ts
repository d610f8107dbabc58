import type { AddressDelta, BlockV3 } from '@ppm/qtum-rpc';
import { resolveSpentCoins, SpendResolutionError, spendHeights } from './spent-coins';

const txid = (c: string) => c.repeat(64);
const delta = (satoshis: bigint, tx: string, index: number, height: number): AddressDelta => ({ satoshis, txid: tx, index, blockindex: 1, height, address: 'qA' });

function blockWith(height: number, spendTxid: string, inputs: { txid: string; vout: number; value: bigint; height: number }[]): BlockV3 {
  return {
    hash: txid('f'), height, confirmations: 3, flags: 'proof-of-stake',
    tx: [{
      txid: spendTxid, hash: spendTxid, version: 2, size: 1, vsize: 1, weight: 4, locktime: 0, hex: '',
      vin: inputs.map((i) => ({
        txid: i.txid, vout: i.vout, sequence: 0,
        prevout: { generated: false, height: i.height, valueSats: i.value, scriptPubKey: { asm: '', desc: '', hex: 'aa', type: 'pubkeyhash' } },
      })),
      vout: [],
    }],
  } as unknown as BlockV3;
}

describe('spendHeights', () => {
  it('lists distinct heights of negative deltas from H on', () => {
    expect(spendHeights([delta(-5n, txid('a'), 0, 12), delta(-5n, txid('a'), 1, 12), delta(5n, txid('b'), 0, 13), delta(-1n, txid('c'), 0, 9)], 10)).toEqual([12]);
  });
});

describe('resolveSpentCoins', () => {
  it('maps each spending input to the outpoint and prevout it consumed', () => {
    const b = blockWith(12, txid('a'), [{ txid: txid('1'), vout: 0, value: 7n, height: 3 }, { txid: txid('2'), vout: 4, value: 9n, height: 11 }]);
    const got = resolveSpentCoins([delta(-9n, txid('a'), 1, 12), delta(3n, txid('a'), 0, 12)], new Map([[12, b]]), 10);
    expect(got).toEqual([{ address: 'qA', txid: txid('2'), vout: 4, valueSats: 9n, height: 11, scriptHex: 'aa', spentHeight: 12 }]);
  });

  it('refuses a spend whose value disagrees with the prevout or whose block is missing', () => {
    const b = blockWith(12, txid('a'), [{ txid: txid('1'), vout: 0, value: 7n, height: 3 }]);
    expect(() => resolveSpentCoins([delta(-8n, txid('a'), 0, 12)], new Map([[12, b]]), 10)).toThrow(SpendResolutionError);
    expect(() => resolveSpentCoins([delta(-7n, txid('a'), 0, 13)], new Map([[12, b]]), 10)).toThrow(SpendResolutionError);
  });
});
