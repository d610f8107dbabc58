import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseWireJson, stringifyWireJson, type WireValue } from '@ppm/chain';
import { startSimulator, type SimHandle } from './index';
import { loadScenario } from './scenario';
import { post } from './test/rpc-client';
import { compareShape } from './test/shape';

/** The real captures, copied into the repository: <repo root>/fixtures/qtum-regtest. */
const FIXTURES = resolve(__dirname, '../../..', 'fixtures/qtum-regtest');
const PASS = 'ppm-staker-pass';

interface Fixture {
  readonly file: string;
  readonly request: { method: string; params: WireValue; id: WireValue };
  readonly endpoint: string;
  readonly status: number;
  readonly response: { result: WireValue; error: { code: WireValue; message: string } | null };
}

function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const v = parseWireJson(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, WireValue>;
      if (typeof v.request !== 'object' || v.request === null || Array.isArray(v.request)) return [];
      const st = v.http_status as { text: string };
      return [{ file, request: v.request as never, endpoint: v.endpoint as string, status: Number(st.text), response: v.response as never }];
    });
}

/** Fixtures the simulator does not reproduce (other wallets, contract calls it does not implement, hex built from real keys). */
const SKIP = new Set(['001', '003', '005', '006', '007', '033', '050', '053', '054', '073', '086', '087', '088', '090', '093', '103', '127', '131', '134']);

/** When each fixture runs: phases set up the wallet/mempool state the capture was taken in. */
const PHASE2 = new Set(['055', '056', '069', '070', '076', '077', '065', '066', '078', '079', '080', '081', '067', '096', '097', '099', '071', '072', '074', '083', '084', '085', '089', '068', '058', '057']);
const PHASE3 = new Set(['082', '091', '092', '094', '106', '125', '126', '100', '101', '102', '133', '135', '129', '130', '132', '136', '137', '138', '128']);

describe('replies match the real qtumd 27.1 captures (names, order, JSON types)', () => {
  let sim: SimHandle;
  const map = new Map<string, string>();
  const overrides = new Map<string, WireValue[]>();
  const fixtures = loadFixtures().filter((f) => !SKIP.has(f.file.slice(0, 3)));

  beforeAll(async () => {
    const scenario = loadScenario(join(__dirname, '..', 'scenarios', 'small.json'));
    sim = await startSimulator({ scenario: { ...scenario, wallet: { passphrase: PASS, stakingOnly: true } } });
    const byLabel = new Map(sim.chain.delegates().map((d) => [d.label, d.address]));
    const c = sim.chain;
    const set = (real: string, simValue: string | undefined) => simValue !== undefined && map.set(real, simValue);
    set('qbZYLgKFSojykoArbEakMTzxwbeTtPkG5p', c.staker.address);
    set('c579ee1fa4329028e2e3e9cbc5d37010f7c4eb6e', c.staker.hash160Hex);
    set('qSCLdYccdW7ic74GcJ3TvDYNdgqHJzjM4G', byLabel.get('A'));
    set('qMRJjv3pQ36q1X4eTzudWcXvJ6uTRBbJCg', byLabel.get('B'));
    set('qTKXqocFp1PYv9cGH4Q159FVfMdSnVqZgz', byLabel.get('P'));
    set('56331d4403437aeebe1469c9531803d315145ccd91462515427a3c46dbaafede', c.blockHash(5509));
    set('826e8e8c045f361ac6c027f6aa1994e0ed2b270557e61affa92c33d2947b8fdc', c.blockHash(5508));
    set('3304e3061e90015f95992c2ef1227249ebf4e76fbbcd00bf1cfcf7ac84d667cd', c.blockHash(5513));
    set('780fe17801a90be982b036650dada84b6fc40e5b78732535979f86935c3b7b4a', c.blockHash(11));
    set('52c2a2a3ed33f24b447081f9f6d3b9abe9f04175127cb8865348564fac8c0cc2', c.blockHash(5505));
    set('d9078f811ac92f0ce31fbac580d6b674ffb2f00a0d4014831e6ef58ba363695b', c.block(5509)?.txs[1]?.txid);
    set('ed5aa9a16f94805ac0cc7f2849d487cff28b446d345c4a5c77c065c9d2036b8b', c.block(5513)?.txs[1]?.txid);
    set('757c36fb36a70e38433e0409458df54357cc0b19ec20d680ad50f503a50c247d', c.block(5509)?.prevoutStake?.txid);
    set('a836f1ccd7d1c19e2d099ca6d4d0b908f7680ac2e649c9d7f2ef58db43b594c0', c.block(5506)?.txs[1]?.txid);
    set('1a9a3317f0b34d050057c949f520c371f1f91ad241576a15d46113138e437578', c.block(5507)?.txs[1]?.txid);
    overrides.set('119', [c.block(5509)?.prevoutStake?.txid ?? '', parseWireJson(String(c.block(5509)?.prevoutStake?.n ?? 0))]);
    overrides.set('124', [parseWireJson('0'), parseWireJson('20'), { addresses: ['0000000000000000000000000000000000000086'] }]);
    overrides.set('043', [{ addresses: [byLabel.get('A') ?? ''], start: parseWireJson('10'), end: parseWireJson('10') }]);
  });
  afterAll(async () => {
    await sim?.close();
  });

  const adapt = (v: WireValue): WireValue => {
    if (typeof v === 'string') return map.get(v) ?? v;
    if (Array.isArray(v)) return v.map(adapt);
    if (v && typeof v === 'object' && !('text' in v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [map.get(k) ?? k, adapt(x)]));
    return v;
  };

  async function send(f: Fixture): Promise<{ status: number; reply: { result: WireValue; error: { code: WireValue; message: string } | null } }> {
    const params = overrides.get(f.file.slice(0, 3)) ?? adapt(f.request.params);
    const path = f.endpoint.replace(/^POST /, '');
    const r = await post(sim.url, stringifyWireJson({ jsonrpc: '1.0', id: f.request.id, method: f.request.method, params }), { path });
    return { status: r.status, reply: parseWireJson(r.body) as never };
  }

  let checked = 0;
  async function check(f: Fixture): Promise<WireValue> {
    checked++;
    const got = await send(f);
    const realErr = f.response.error;
    if (realErr) {
      expect({ file: f.file, status: got.status, code: stringifyWireJson(got.reply.error?.code ?? null), message: got.reply.error?.message })
        .toEqual({ file: f.file, status: f.status, code: stringifyWireJson(realErr.code), message: realErr.message });
      return null;
    }
    expect({ file: f.file, error: got.reply.error }).toEqual({ file: f.file, error: null });
    expect({ file: f.file, diffs: compareShape(f.response.result, got.reply.result) }).toEqual({ file: f.file, diffs: [] });
    return got.reply.result;
  }

  const phase = (n: number) => fixtures.filter((f) => (PHASE2.has(f.file.slice(0, 3)) ? 2 : PHASE3.has(f.file.slice(0, 3)) ? 3 : 1) === n);

  test('phase 1: chain, address index, delegations, staking-only wallet', async () => {
    for (const f of phase(1)) await check(f);
  });

  test('phase 2: lock, raw payout, sendmany, mempool', async () => {
    const rpc = async (method: string, params: unknown[]) => {
      const r = await post(sim.url, stringifyWireJson({ id: 1, method, params }), { path: '/wallet/staker' });
      return (parseWireJson(r.body) as { result: WireValue }).result;
    };
    const run = async (id: string) => {
      for (const f of fixtures.filter((x) => x.file.startsWith(id))) await check(f);
    };
    await rpc('walletlock', []);
    for (const id of ['055', '056', '069', '070']) await run(id);
    const A = map.get('qSCLdYccdW7ic74GcJ3TvDYNdgqHJzjM4G') ?? '';
    const B = map.get('qMRJjv3pQ36q1X4eTzudWcXvJ6uTRBbJCg') ?? '';
    const created = (await rpc('createrawtransaction', [[], { [A]: '0.75000000', [B]: '1.12500000' }])) as string;
    map.set('020000000002c0687804000000001976a9145ebe49e08f75d4ae4fdc52c6b75c03ac35da717988ac209db406000000001976a9142a597d445c5380d3f5e47a524ed7726c7fbe0e3988ac00000000', created);
    await run('076');
    const funded = (await rpc('fundrawtransaction', [created, { changeAddress: sim.wallet.address, lockUnspents: true }])) as { hex: string };
    const f077 = fixtures.find((x) => x.file.startsWith('077'));
    if (f077) map.set((f077.request.params as string[])[0] ?? '', funded.hex);
    await run('077');
    await run('065');
    await run('066');
    await run('078');
    const signed = (await rpc('signrawtransactionwithwallet', [funded.hex])) as { hex: string };
    const f079 = fixtures.find((x) => x.file.startsWith('079'));
    if (f079) map.set((f079.request.params as string[])[0] ?? '', signed.hex);
    const decoded = (await rpc('decoderawtransaction', [signed.hex])) as { txid: string };
    map.set('1f81db01a1a1424f0db8f2ec6ca8d28c61a6c632c9f973dcf8695569f0e6d697', decoded.txid);
    for (const id of ['079', '080', '081']) await run(id);
    const f067 = fixtures.find((x) => x.file.startsWith('067'));
    const payout = (f067 ? await check(f067) : await rpc('sendmany', ['', { [A]: 1.5, [B]: 2.25 }, 1, 'pool payout round 1'])) as string;
    map.set('fe25c75a3e2d809941cf394c32c11864aef645e60c4a8e0767953e2c4638fa44', payout);
    for (const id of ['096', '097', '099', '071', '072', '074', '083', '084', '085', '089', '068', '057', '058']) await run(id);
    await rpc('walletpassphrase', [PASS, 99999999, true]);
  });

  test('phase 3: after mining the payouts', async () => {
    const [h] = sim.chain.mine(1, { kind: 'self' });
    map.set('facd6ac44c2219ff2bf9c7825f69b9ee5e8a35fad53f74b97a0d47b59d832a85', h ?? '');
    sim.chain.mine(2, { kind: 'pow' });
    for (const f of phase(3)) await check(f);
    sim.wallet.assertStakingOnly();
    // Every fixture not skipped was compared once.
    expect(checked).toBe(fixtures.length);
  });
});

test('the shape comparison catches a P2PK address, an amount written as an integer, and key order', () => {
  const real = parseWireJson('{"value":201.00000000,"n":1,"scriptPubKey":{"asm":"x","hex":"21ac","type":"pubkey"}}');
  expect(compareShape(real, parseWireJson('{"value":201.00000000,"n":1,"scriptPubKey":{"asm":"x","hex":"21ac","type":"pubkey"}}'))).toEqual([]);
  expect(compareShape(real, parseWireJson('{"value":201,"n":1,"scriptPubKey":{"asm":"x","hex":"21ac","address":"q","type":"pubkey"}}'))).toEqual([
    '$.value: real amount8, sim integer', '$.scriptPubKey.address: not in real',
  ]);
  expect(compareShape(real, parseWireJson('{"n":1,"value":201.00000000,"scriptPubKey":{"asm":"x","hex":"21ac","type":"pubkey"}}'))).toHaveLength(1);
});

