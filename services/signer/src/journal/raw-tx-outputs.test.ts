import { p2pkhHash160, rawTxOutputs } from './raw-tx-outputs';

describe('rawTxOutputs', () => {
  const value = (sats: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(sats);
    return b.toString('hex');
  };
  const p2pkh = (h: string) => `76a914${h}88ac`;
  const body = `01${'ab'.repeat(36)}00ffffffff02${value(150_000_000n)}19${p2pkh('22'.repeat(20))}${value(7n)}0100`;

  it('reads the outputs of a legacy tx', () => {
    const outs = rawTxOutputs(`02000000${body}00000000`);
    expect(outs).toEqual([{ valueSats: 150_000_000n, scriptHex: p2pkh('22'.repeat(20)) }, { valueSats: 7n, scriptHex: '00' }]);
    expect(p2pkhHash160(outs[0]!.scriptHex)).toBe('22'.repeat(20));
    expect(p2pkhHash160('00')).toBeUndefined();
  });

  it('skips the segwit marker', () => {
    expect(rawTxOutputs(`020000000001${body}0000000000`)).toHaveLength(2);
  });

  it('refuses a truncated tx', () => {
    expect(() => rawTxOutputs(`02000000${body.slice(0, 100)}`)).toThrow(/ends early/);
  });
});
