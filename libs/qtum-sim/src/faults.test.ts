/* eslint-disable @typescript-eslint/no-unsafe-return -- RPC replies are untyped JSON walked by the assertions. */
import { parseWireJson, stringifyWireJson } from '@ppm/chain';
import { startSimulator, type SimHandle } from './index';
import { call, post } from './test/rpc-client';
import { testScenario } from './test/scenarios';

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSimulator({ scenario: testScenario() });
});
afterEach(() => sim.faults.clear());
afterAll(async () => {
  await sim.close();
});

const body = (method: string) => JSON.stringify({ id: 1, method, params: [] });

describe('faults', () => {
  test('rpc-error for a method, `times` uses, then normal again', async () => {
    sim.faults.inject({ method: 'getblockcount', kind: 'rpc-error', code: -1, message: 'boom', times: 2 });
    expect((await call(sim.url, 'getbestblockhash')).reply.error).toBeNull();
    for (let i = 0; i < 2; i++) {
      const r = await call(sim.url, 'getblockcount');
      expect(r.status).toBe(500);
      expect(r.reply.error?.message).toBe('boom');
    }
    expect((await call(sim.url, 'getblockcount')).reply.error).toBeNull();
  });

  test('late-reply: the call takes effect at once, the answer comes after the delay', async () => {
    const hex = await (async () => {
      const txid = sim.chain.fund(sim.chain.addKey('late-reply').address, [100_000_000n]);
      const h = (await call(sim.url, 'getrawtransaction', [txid])).reply.result;
      expect(sim.chain.dropFromMempool(txid)).toBe(true);
      return { txid, h };
    })();
    sim.faults.inject({ method: 'sendrawtransaction', kind: 'late-reply', delayMs: 300 });
    const started = Date.now();
    const pending = call(sim.url, 'sendrawtransaction', [hex.h]);
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.chain.mempoolTxids()).toContain(hex.txid);
    const r = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(r.reply.result).toBe(hex.txid);
  });

  test('warmup gives -28 Loading block index…', async () => {
    sim.faults.inject({ kind: 'warmup' });
    const r = await call(sim.url, 'getblockcount');
    expect(stringifyWireJson(r.reply.error?.code ?? null)).toBe('-28');
    expect(r.reply.error?.message).toBe('Loading block index…');
  });

  test('malformed body, bad shape, http status', async () => {
    sim.faults.inject({ kind: 'malformed' });
    const m = await post(sim.url, body('getblockcount'));
    expect(m.status).toBe(200);
    expect(() => JSON.parse(m.body)).toThrow();
    sim.faults.inject({ kind: 'bad-shape', method: 'getblockchaininfo' });
    const b = await call(sim.url, 'getblockchaininfo');
    const r = b.reply.result as Record<string, unknown>;
    expect(typeof r.blocks).toBe('string');
    expect(typeof r.chain).not.toBe('string');
    sim.faults.inject({ kind: 'http-status', status: 503, body: 'busy' });
    const h = await post(sim.url, body('getblockcount'));
    expect([h.status, h.body]).toEqual([503, 'busy']);
    expect(parseWireJson((await post(sim.url, body('getblockcount'))).body)).toBeTruthy();
  });

  test('timeout delays the reply', async () => {
    sim.faults.inject({ kind: 'timeout', delayMs: 300 });
    const t = Date.now();
    const r = await call(sim.url, 'getblockcount');
    expect(Date.now() - t).toBeGreaterThanOrEqual(280);
    expect(r.reply.error).toBeNull();
  });
});
