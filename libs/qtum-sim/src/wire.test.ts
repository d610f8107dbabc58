import { parseWireJson, stringifyWireJson } from '@ppm/chain';
import { startSimulator, type SimHandle } from './index';
import { call, post } from './test/rpc-client';
import { testScenario } from './test/scenarios';

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSimulator({ scenario: testScenario() });
});
afterAll(async () => {
  await sim.close();
});

const body = (method: string, params: unknown = [], id: unknown = 'x') => JSON.stringify({ jsonrpc: '1.0', id, method, params });

describe('transport', () => {
  test('url carries the credentials and a random port', () => {
    expect(sim.url).toBe(`http://ppm:ppm@127.0.0.1:${sim.port}/`);
    expect(sim.port).toBeGreaterThan(0);
  });

  test('missing auth gives 401 with the realm and an empty body', async () => {
    const r = await post(sim.url, body('getblockcount'), { auth: null });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Basic realm="jsonrpc"');
    expect(r.body).toBe('');
  });

  test('wrong credentials give 401 after a pause', async () => {
    const t = Date.now();
    const r = await post(sim.url, body('getblockcount'), { auth: 'ppm:WRONG' });
    expect(r.status).toBe(401);
    expect(r.body).toBe('');
    expect(Date.now() - t).toBeGreaterThanOrEqual(200);
  });

  test('other paths 404, other verbs 405, both empty', async () => {
    const a = await post(sim.url, body('getblockcount'), { path: '/rest/chaininfo' });
    expect([a.status, a.body]).toEqual([404, '']);
    const b = await post(sim.url, '', { method: 'GET' });
    expect([b.status, b.body]).toEqual([405, '']);
  });

  test('a reply is compact JSON with a newline', async () => {
    const r = await post(sim.url, body('getblockcount'));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toBe(`{"result":${sim.chain.tipHeight},"error":null,"id":"x"}\n`);
  });

  test('errors are HTTP 500 with result null; unknown method 404', async () => {
    const r = await post(sim.url, body('getblockhash', [999999]));
    expect(r.status).toBe(500);
    expect(r.body).toBe('{"result":null,"error":{"code":-8,"message":"Block height out of range"},"id":"x"}\n');
    const m = await post(sim.url, body('listsuperstakers'));
    expect(m.status).toBe(404);
    expect(m.body).toBe('{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":"x"}\n');
  });

  test('parse error -32700 with id null', async () => {
    const r = await post(sim.url, '{"jsonrpc":"1.0","id":"x","method":"getblockcount"');
    expect(r.status).toBe(500);
    expect(r.body).toBe('{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}\n');
  });

  test('batch: HTTP 200, one reply per element, ids keep their type', async () => {
    const r = await post(sim.url, `[${body('getblockcount', [], 1)},${body('nosuchmethod', [], 2)},${body('getblockhash', [-1], 3)},5]`);
    expect(r.status).toBe(200);
    const v = parseWireJson(r.body) as { id: unknown; error: { code: { text: string } } | null }[];
    expect(v).toHaveLength(4);
    expect(v[0]!.error).toBeNull();
    expect(v[1]!.error!.code.text).toBe('-32601');
    expect(v[2]!.error!.code.text).toBe('-8');
    expect(r.body).toContain('{"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":null}');
    expect(r.body.startsWith('[{"result":')).toBe(true);
  });

  test('named params are accepted', async () => {
    const r = await call(sim.url, 'getblockhash', { height: 5 });
    expect(r.reply.result).toBe(sim.chain.blockHash(5));
  });

  test('wrong argument types give -3 with the multi-line message; too many params -1', async () => {
    const r = await call(sim.url, 'getblockhash', ['abc']);
    expect(r.status).toBe(500);
    expect(r.reply.error?.message).toBe('Wrong type passed:\n{\n    "Position 1 (height)": "JSON value of type string is not of expected type number"\n}');
    const s = await call(sim.url, 'getaddressutxos', [sim.wallet.address]);
    expect(s.reply.error?.message).toBe('Wrong type passed:\n{\n    "Position 1 (argument)": "JSON value of type string is not of expected type object"\n}');
    const n = await call(sim.url, 'getblockcount', [1]);
    expect(stringifyWireJson(n.reply.error?.code ?? null)).toBe('-1');
    expect(n.reply.error?.message.startsWith('getblockcount\n')).toBe(true);
  });

  test('wallet endpoint: unknown wallet -18, staker and / both work', async () => {
    const bad = await call(sim.url, 'getwalletinfo', [], '/wallet/nosuchwallet');
    expect(bad.reply.error?.message).toBe('Requested wallet does not exist or is not loaded');
    expect(stringifyWireJson(bad.reply.error?.code ?? null)).toBe('-18');
    const good = await call(sim.url, 'getwalletinfo', [], '/wallet/staker');
    expect(good.reply.error).toBeNull();
    const root = await call(sim.url, 'getwalletinfo', []);
    expect(root.reply.error).toBeNull();
    // Node RPCs on a wallet URL still work, as on qtumd.
    expect((await call(sim.url, 'getblockcount', [], '/wallet/nosuchwallet')).reply.error).toBeNull();
  });

  test('amounts are 8-decimal numbers, satoshis integers', async () => {
    const r = await post(sim.url, body('getrawtransaction', [sim.chain.block(2101 - 1)!.txs[0]!.txid, 1]));
    expect(r.body).toMatch(/"value":\d+\.\d{8},"valueSat":\d+,"n":0/);
  });
});
