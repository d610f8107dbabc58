/* eslint-disable @typescript-eslint/no-explicit-any -- RPC replies are untyped JSON walked by the assertions. */
import { startSimulator, type SimHandle } from './index';
import { call, result } from './test/rpc-client';
import { testScenario } from './test/scenarios';

// createrawtransaction's "data" key as qtumd 27.1 has it (src/rpc/rawtransaction_util.cpp ParseOutputs):
// one OP_RETURN output of value 0, `CScript() << OP_RETURN << data` (minimal push), printed as type nulldata.
const PASS = 'ppm-staker-pass';
const W = '/wallet/staker';
const DATA = `50504d31${'ab'.repeat(32)}`;
let sim: SimHandle;
let A: string;
beforeAll(async () => {
  sim = await startSimulator({ scenario: testScenario({ wallet: { passphrase: PASS, stakingOnly: true } }) });
  A = sim.chain.delegates()[0]!.address;
});
afterAll(async () => {
  await sim.close();
});

type Obj = Record<string, any>;
const err = async (method: string, params: unknown[]) => {
  const e = (await call(sim.url, method, params, W)).reply.error as Obj;
  return { code: String(e.code.text), message: e.message as string };
};

describe('OP_RETURN outputs ("data")', () => {
  test('createrawtransaction puts a zero-value nulldata output where the key is; decode prints it like qtumd', async () => {
    const hex = (await result(sim.url, 'createrawtransaction', [[], { [A]: '0.75000000', data: DATA }])) as string;
    const d = (await result(sim.url, 'decoderawtransaction', [hex])) as Obj;
    expect(d.vout).toHaveLength(2);
    const out = d.vout[1] as Obj;
    expect(out.value.text).toBe('0.00000000');
    expect(out.n.text).toBe('1');
    expect(Object.keys(out.scriptPubKey)).toEqual(['asm', 'desc', 'hex', 'type']);
    expect(out.scriptPubKey.asm).toBe(`OP_RETURN ${DATA}`);
    expect(out.scriptPubKey.hex).toBe(`6a24${DATA}`);
    expect(out.scriptPubKey.desc).toMatch(new RegExp(`^raw\\(6a24${DATA}\\)#[a-z0-9]{8}$`));
    expect(out.scriptPubKey.type).toBe('nulldata');
  });

  test('uses PUSHDATA1 above 75 bytes', async () => {
    const big = 'cd'.repeat(80);
    const hex = (await result(sim.url, 'createrawtransaction', [[], { data: big }])) as string;
    const d = (await result(sim.url, 'decoderawtransaction', [hex])) as Obj;
    expect(d.vout[0].scriptPubKey.hex).toBe(`6a4c50${big}`);
  });

  test('refuses non-hex data, odd length, empty and a second "data" key with qtumd\'s messages', async () => {
    expect(await err('createrawtransaction', [[], { data: 'zz' }])).toEqual({ code: '-8', message: "Data must be hexadecimal string (not 'zz')" });
    expect(await err('createrawtransaction', [[], { data: 'abc' }])).toEqual({ code: '-8', message: "Data must be hexadecimal string (not 'abc')" });
    expect(await err('createrawtransaction', [[], { data: '' }])).toEqual({ code: '-8', message: "Data must be hexadecimal string (not '')" });
    expect(await err('createrawtransaction', [[], [{ data: 'aa' }, { data: 'bb' }]])).toEqual({ code: '-8', message: 'Invalid parameter, duplicate key: data' });
  });

  test('funds, signs, sends and mines; getrawtransaction shows the output without spent fields', async () => {
    const hex = (await result(sim.url, 'createrawtransaction', [[], { [A]: '0.75000000', data: DATA }, 0, false])) as string;
    const funded = (await result(sim.url, 'fundrawtransaction', [hex, { changeAddress: sim.wallet.address, lockUnspents: true, replaceable: false }], W)) as Obj;
    await result(sim.url, 'walletpassphrase', [PASS, 60], W);
    const signed = (await result(sim.url, 'signrawtransactionwithwallet', [funded.hex], W)) as Obj;
    await result(sim.url, 'walletpassphrase', [PASS, 99999999, true], W);
    const txid = (await result(sim.url, 'sendrawtransaction', [signed.hex])) as string;
    sim.chain.mine(1, { kind: 'self' });
    const tx = (await result(sim.url, 'getrawtransaction', [txid, true])) as Obj;
    const nulldata = (tx.vout as Obj[]).filter((o) => o.scriptPubKey.type === 'nulldata');
    expect(nulldata).toHaveLength(1);
    expect(nulldata[0]!.scriptPubKey.hex).toBe(`6a24${DATA}`);
    expect(nulldata[0]!.valueSat.text).toBe('0');
    expect(nulldata[0]!.spentTxId).toBeUndefined();
  });
});
