import type { BlockV3 } from '@ppm/qtum-rpc';
import { BlockShapeError, blockFactsFromBlock } from './block-facts';

const spk = (hex: string) => ({ asm: '', desc: '', hex, type: 'x' });
function block(flags: string, pod: boolean, withPrevout = true): BlockV3 {
  return {
    hash: 'aa'.repeat(32), height: 7, confirmations: 6, flags, ...(pod ? { proofOfDelegation: 'bb' } : {}),
    tx: [
      { txid: '01', vin: [{ coinbase: '00', sequence: 0 }], vout: [] },
      {
        txid: '02',
        vin: [{ txid: 'cc'.repeat(32), vout: 1, sequence: 0, ...(withPrevout ? { prevout: { generated: true, height: 1, valueSats: 100n, scriptPubKey: spk('') } } : {}) }],
        vout: [{ valueSats: 0n, n: 0, scriptPubKey: spk('') }, { valueSats: 101n, n: 1, scriptPubKey: spk('21ab') }],
      },
    ],
  } as unknown as BlockV3;
}

describe('blockFactsFromBlock', () => {
  it('reads the PoD flag, the coinstake inputs from prevouts and its outputs', () => {
    const f = blockFactsFromBlock(block('proof-of-stake', true));
    expect(f.hasProofOfDelegation).toBe(true);
    expect(f.coinstake?.inputValuesSats).toEqual([100n]);
    expect(f.coinstake?.outputs).toEqual([{ valueSats: 0n, scriptHex: '' }, { valueSats: 101n, scriptHex: '21ab' }]);
  });
  it('has no coinstake for proof-of-work blocks', () => {
    expect(blockFactsFromBlock(block('proof-of-work', false)).coinstake).toBeUndefined();
  });
  it('refuses a coinstake without prevouts', () => {
    expect(() => blockFactsFromBlock(block('proof-of-stake', false, false))).toThrow(BlockShapeError);
  });
});
