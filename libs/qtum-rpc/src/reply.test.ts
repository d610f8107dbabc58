import { RpcMalformedReplyError, RpcHttpError, RpcInvalidAddressOrKeyError, RpcError, RpcInvalidRequestError } from './errors';
import { parseReply } from './reply';
import { readBatchReply } from './batch-reply';
import { rpc } from './rpc';

const H = (c: string) => c.repeat(64);

/** A small but complete getblock verbosity-2 reply; `value1` is the text of tx[1].vout[0].value. */
function blockV2Body(value1: string): string {
  const spk = '{"asm":"","desc":"raw()#58lrscpx","hex":"","type":"nonstandard"}';
  const tx = (txid: string, vin: string, vout: string) =>
    `{"txid":"${txid}","hash":"${txid}","version":2,"size":1,"vsize":1,"weight":4,"locktime":0,"vin":[${vin}],"vout":[${vout}],"hex":"00"}`;
  const coinbase = tx(H('a'), '{"coinbase":"02851500","sequence":4294967295}', `{"value":0.00000000,"n":0,"scriptPubKey":${spk}}`);
  const stake = tx(
    H('b'),
    `{"txid":"${H('c')}","vout":3,"scriptSig":{"asm":"","hex":""},"sequence":4294967295}`,
    `{"value":${value1},"n":0,"scriptPubKey":${spk}},{"value":201.00000000,"n":1,"scriptPubKey":${spk}}`,
  );
  return (
    `{"result":{"hash":"${H('d')}","confirmations":1,"height":5509,"version":536870912,"versionHex":"20000000","merkleroot":"${H('e')}",` +
    `"time":1,"mediantime":1,"nonce":0,"bits":"207fffff","difficulty":4.656542373906925e-10,"chainwork":"2b0c","nTx":2,` +
    `"hashStateRoot":"${H('f')}","hashUTXORoot":"${H('1')}","flags":"proof-of-stake","proofhash":"00","modifier":"00",` +
    `"strippedsize":1,"size":1,"weight":4,"tx":[${coinbase},${stake}]},"error":null,"id":1}\n`
  );
}

describe('parseReply', () => {
  it('converts amounts exactly and renames them <name>Sats', () => {
    const block = parseReply('getblock', ['x', 2], 200, blockV2Body('0.00000000')) as { tx: { vout: { valueSats: bigint; value?: unknown }[] }[] };
    expect(block.tx[1]!.vout[1]!.valueSats).toBe(20_100_000_000n);
    expect(block.tx[1]!.vout[1]!.value).toBeUndefined();
  });

  it('names method and field path for a bad amount', () => {
    expect(() => parseReply('getblock', ['x', 2], 200, blockV2Body('0.0'))).toThrow(
      new RpcMalformedReplyError('getblock', 'result.tx[1].vout[0].value', 'expected an 8-decimal amount'),
    );
    expect(() => parseReply('getblock', ['x', 2], 200, blockV2Body('"0.00000000"'))).toThrow(
      'getblock: result.tx[1].vout[0].value: expected an 8-decimal amount',
    );
  });

  it('names a missing field and a wrong type', () => {
    const err = (() => {
      try {
        parseReply('getblockcount', [], 200, '{"result":"12","error":null,"id":1}');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(RpcMalformedReplyError);
    expect((err as Error).message).toBe('getblockcount: result: expected a safe integer');
    expect(() => parseReply('getaddressbalance', [], 200, '{"result":{"balance":1,"received":2},"error":null,"id":1}')).toThrow(
      /^getaddressbalance: result\.immature: /,
    );
  });

  it('rejects integers beyond 2^53 where a number is expected, keeps them as bigint satoshis', () => {
    expect(() => parseReply('getblockcount', [], 200, '{"result":9007199254740993,"error":null,"id":1}')).toThrow(RpcMalformedReplyError);
    const b = parseReply('getaddressbalance', [], 200, '{"result":{"balance":9007199254740993,"received":0,"immature":0},"error":null,"id":1}');
    expect(b).toEqual({ balance: 9_007_199_254_740_993n, received: 0n, immature: 0n });
  });

  it('reports non-JSON bodies: malformed on 200, HTTP error otherwise', () => {
    expect(() => parseReply('getblockcount', [], 200, '{"result":1,')).toThrow(RpcMalformedReplyError);
    expect(() => parseReply('getblockcount', [], 502, '<html>bad gateway</html>')).toThrow(RpcHttpError);
    expect(() => parseReply('getblockcount', [], 404, '')).toThrow(RpcHttpError);
    expect(() => parseReply('getblockcount', [], 200, '[1]')).toThrow(RpcMalformedReplyError);
  });

  it('reads the body on HTTP 500 and keeps the node message', () => {
    const e = (() => {
      try {
        parseReply('getblock', [], 500, '{"result":null,"error":{"code":-5,"message":"Block not found"},"id":1}');
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(RpcInvalidAddressOrKeyError);
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).message).toBe('Block not found');
  });

  it('refuses methods the client does not type', () => {
    expect(() => parseReply('listtransactions', [], 200, '{"result":[],"error":null,"id":1}')).toThrow(RpcInvalidRequestError);
  });
});

describe('readBatchReply', () => {
  const reqs = [rpc.getblockcount(), rpc.getblockhash(-1), rpc.getbestblockhash()];

  it('matches entries by id whatever their order, one failing entry does not fail the others', () => {
    const body = `[{"result":"${H('a')}","error":null,"id":12},{"result":null,"error":{"code":-8,"message":"Block height out of range"},"id":11},{"result":5531,"error":null,"id":10}]`;
    const out = readBatchReply(reqs, [10, 11, 12], 200, body);
    expect(out[0]).toEqual({ ok: true, value: 5531 });
    expect(out[1]!.ok).toBe(false);
    expect(!out[1]!.ok && out[1]!.error.message).toBe('Block height out of range');
    expect(out[2]).toEqual({ ok: true, value: H('a') });
  });

  it('a bad-shape entry becomes its own failure naming the entry', () => {
    const body = '[{"result":"x","error":null,"id":1}]';
    const [e] = readBatchReply([rpc.getblockcount()], [1], 200, body);
    expect(e!.ok).toBe(false);
    expect(!e!.ok && e!.error).toBeInstanceOf(RpcMalformedReplyError);
  });

  it('a missing entry fails the batch', () => {
    expect(() => readBatchReply(reqs, [1, 2, 3], 200, '[{"result":1,"error":null,"id":1}]')).toThrow(/reply\[id=2\]/);
  });
});

describe('getblock verbosity 3', () => {
  it('requires prevout on spending inputs', () => {
    expect(() => parseReply('getblock', ['x', 3], 200, blockV2Body('0.00000000'))).toThrow(
      'getblock: result.tx[1].vin[0].prevout: missing (verbosity 3 carries prevout on every spending input)',
    );
  });
});
