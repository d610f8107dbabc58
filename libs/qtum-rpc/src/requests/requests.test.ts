import { RpcInvalidRequestError } from '../errors';
import { rpc } from '../rpc';

describe('request builders', () => {
  it('send amounts as 8-decimal strings built from satoshis, never floats', () => {
    const r = rpc.sendmany([
      { address: 'qA', amountSats: 150_000_000n },
      { address: 'qB', amountSats: 1n },
    ]);
    expect(r.params).toEqual(['', { qA: '1.50000000', qB: '0.00000001' }]);
    expect(r.retrySafe).toBe(false);
    expect(r.wallet).toBe(true);
    const c = rpc.createrawtransaction([{ txid: 'ab', vout: 1 }], [{ address: 'qA', amountSats: 75_000_000n }], undefined, false);
    expect(c.params).toEqual([[{ txid: 'ab', vout: 1, sequence: undefined }], { qA: '0.75000000' }, 0, false]);
  });

  it('createrawtransaction takes one OP_RETURN data output, as the "data" key in order', () => {
    const c = rpc.createrawtransaction([], [{ address: 'qA', amountSats: 1n }, { dataHex: '50504D31AB' }], undefined, false);
    expect(c.params[1]).toEqual({ qA: '0.00000001', data: '50504d31ab' });
    expect(Object.keys(c.params[1] as object)).toEqual(['qA', 'data']);
    expect(() => rpc.createrawtransaction([], [{ dataHex: 'aa' }, { dataHex: 'bb' }])).toThrow(/at most one data/);
    expect(() => rpc.createrawtransaction([], [{ dataHex: 'abc' }])).toThrow(/even-length hex/);
  });

  it('refuses duplicate recipients and negative amounts', () => {
    expect(() => rpc.sendmany([{ address: 'qA', amountSats: 1n }, { address: 'qA', amountSats: 2n }])).toThrow(RpcInvalidRequestError);
    expect(() => rpc.sendmany([{ address: 'qA', amountSats: -1n }])).toThrow(/negative/);
  });

  it('drops trailing optional params and sends inner ones as null', () => {
    expect(rpc.gettxout('t', 1).params).toEqual(['t', 1]);
    expect(rpc.sendmany([{ address: 'qA', amountSats: 1n }], { comment: 'round 1' }).params).toEqual(['', { qA: '0.00000001' }, null, 'round 1']);
    expect(rpc.listunspent().params).toEqual([]);
  });

  it('marks retry safety and secrets', () => {
    expect(rpc.sendrawtransaction('00').retrySafe).toBe(true);
    expect(rpc.fundrawtransaction('00', { lockUnspents: true, feeRateSats: 400_000n }).params).toEqual(['00', expect.objectContaining({ lockUnspents: true, feeRate: '0.00400000' })]);
    expect(rpc.fundrawtransaction('00').retrySafe).toBe(false);
    const p = rpc.walletpassphrase('secret', 99_999_999, true);
    expect(p.secret).toBe(true);
    expect(p.params).toEqual(['secret', 99_999_999, true]);
  });

  it('always sends address-index queries as objects', () => {
    expect(rpc.getaddressutxos({ addresses: ['qA'] }).params).toEqual([{ addresses: ['qA'] }]);
    expect(rpc.getaddressutxos({ addresses: ['qA'], chainInfo: true }).params).toEqual([{ addresses: ['qA'], chainInfo: true }]);
  });
});
