/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- RPC replies are untyped JSON walked by the assertions. */
import { ADD_DELEGATION_TOPIC, decodeDelegationEvents, destinationFromScript, JsonNumber, REMOVE_DELEGATION_TOPIC, sha256d, type ReceiptLike } from '@ppm/chain';
import { decodeTxHex, encodeTx, startSimulator, type SimHandle } from './index';
import { result } from './test/rpc-client';
import { testScenario } from './test/scenarios';

let sim: SimHandle;
let A: string;
let B: string;
let C: string;
beforeAll(async () => {
  sim = await startSimulator({ scenario: testScenario() });
  const byLabel = new Map(sim.chain.delegates().map((d) => [d.label, d.address]));
  A = byLabel.get('A')!;
  B = byLabel.get('B')!;
  C = byLabel.get('C')!;
});
afterAll(async () => {
  await sim.close();
});

type Obj = Record<string, any>;
const num = (v: unknown) => (v as JsonNumber).text;

describe('chain building', () => {
  test('starts deep enough and every block links to its parent', async () => {
    expect(sim.chain.tipHeight).toBe(2100);
    const b = (await result(sim.url, 'getblock', [sim.chain.blockHash(2100), 1])) as Obj;
    expect(b.previousblockhash).toBe(sim.chain.blockHash(2099));
    expect(b.flags).toBe('proof-of-work');
    expect(b.nextblockhash).toBeUndefined();
  });

  test('a pool block: PoD, delegate prevoutStake, 2-output coinstake paying S input + reward', async () => {
    const [hash] = sim.chain.mine(1, { kind: 'pool', delegate: A });
    const b = (await result(sim.url, 'getblock', [hash, 2])) as Obj;
    expect(b.flags).toBe('proof-of-stake');
    expect(b.proofOfDelegation).toMatch(/^[0-9a-f]{130}$/);
    expect(b.signature).toMatch(/^[0-9a-f]{130}$/);
    const cs = b.tx[1] as Obj;
    expect(cs.vout).toHaveLength(2);
    expect(cs.vout[0].scriptPubKey).toEqual({ asm: '', desc: 'raw()#58lrscpx', hex: '', type: 'nonstandard' });
    expect(cs.vout[1].scriptPubKey.type).toBe('pubkey');
    expect(cs.vout[1].scriptPubKey.address).toBeUndefined();
    expect(destinationFromScript(cs.vout[1].scriptPubKey.hex as string, 'regtest')?.address).toBe(sim.wallet.address);
    expect(cs.fee).toBeUndefined();
    expect(b.prevoutStakeHash).not.toBe(cs.vin[0].txid);
    const stake = (await result(sim.url, 'gettxout', [b.prevoutStakeHash, b.prevoutStakeVoutN])) as Obj;
    expect(stake.scriptPubKey.address).toBe(A);
    const raw = (await result(sim.url, 'getrawtransaction', [cs.txid, 1])) as Obj;
    const input = BigInt(raw.vin[0].valueSat.text as string);
    expect(raw.vin[0].address).toBe(sim.wallet.address);
    expect(input).toBeGreaterThanOrEqual(100n * 100_000_000n);
    expect(BigInt(raw.vout[1].valueSat.text as string) - input).toBe(20_000n * 100_000_000n);
    expect(num(raw.vout[1].value)).toMatch(/^\d+\.\d{8}$/);
  });

  test('a self block has no PoD and splits >= 200 QTUM into two P2PK outputs', async () => {
    const [hash] = sim.chain.mine(1, { kind: 'self' });
    const b = (await result(sim.url, 'getblock', [hash, 3])) as Obj;
    expect(b.proofOfDelegation).toBeUndefined();
    const cs = b.tx[1] as Obj;
    expect(b.prevoutStakeHash).toBe(cs.vin[0].txid);
    expect(cs.vout).toHaveLength(3);
    expect(cs.vin[0].prevout.scriptPubKey.address).toBe(sim.wallet.address);
  });

  test('foreign and pow blocks', async () => {
    const [f] = sim.chain.mine(1, { kind: 'foreign' });
    const fb = (await result(sim.url, 'getblock', [f, 2])) as Obj;
    expect(destinationFromScript(fb.tx[1].vout[1].scriptPubKey.hex as string, 'regtest')?.address).not.toBe(sim.wallet.address);
    const [p] = sim.chain.mine(1, { kind: 'pow' });
    const pb = (await result(sim.url, 'getblock', [p, 1])) as Obj;
    expect(pb.prevoutStakeHash).toBeUndefined();
    expect(pb.tx).toHaveLength(1);
  });

  test('headers and txs are real serialisations: hashes and txids recompute', async () => {
    const hash = sim.chain.blockHash(2101);
    const hex = (await result(sim.url, 'getblockheader', [hash, false])) as string;
    expect(Buffer.from(sha256d(Buffer.from(hex, 'hex'))).reverse().toString('hex')).toBe(hash);
    const blockHex = (await result(sim.url, 'getblock', [hash, 0])) as string;
    expect(blockHex.startsWith(hex)).toBe(true);
    const b = (await result(sim.url, 'getblock', [hash, 2])) as Obj;
    for (const t of b.tx as Obj[]) expect(encodeTx(decodeTxHex(t.hex as string)).txid).toBe(t.txid);
    const dec = (await result(sim.url, 'decoderawtransaction', [b.tx[1].hex])) as Obj;
    expect(dec.txid).toBe(b.tx[1].txid);
  });

  test('delegation events are ABI-encoded so @ppm/chain decodes them; OR topic matching', async () => {
    const logs = (await result(sim.url, 'searchlogs', [0, 'latest', { addresses: ['0000000000000000000000000000000000000086'] }, { topics: [ADD_DELEGATION_TOPIC] }])) as Obj[];
    const events = decodeDelegationEvents(JSON.parse(JSON.stringify(logs)) as ReceiptLike[]);
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.type === 'add' && e.stakerHash160 === sim.chain.staker.hash160Hex && e.pod?.length === 130)).toBe(true);
    expect(events.map((e) => e.fee).sort()).toEqual([100, 100, 50]);
    const none = (await result(sim.url, 'searchlogs', [0, -1, { addresses: ['0000000000000000000000000000000000000086'] }, { topics: [REMOVE_DELEGATION_TOPIC] }])) as Obj[];
    expect(none).toHaveLength(0);
    const either = (await result(sim.url, 'searchlogs', [0, -1, {}, { topics: [REMOVE_DELEGATION_TOPIC, `${'0'.repeat(24)}${sim.chain.staker.hash160Hex}`] }])) as Obj[];
    expect(either).toHaveLength(3);
  });

  test('getdelegationsforstaker: ordered by hash160, weight in satoshis; remove and fee < 100', async () => {
    const list = (await result(sim.url, 'getdelegationsforstaker', [sim.wallet.address])) as Obj[];
    expect(list.map((d) => d.delegate).sort()).toEqual([A, B, C].sort());
    const hashes = list.map((d) => sim.chain.state.decode(d.delegate as string).hash160Hex);
    expect([...hashes].sort()).toEqual(hashes);
    const a = list.find((d) => d.delegate === A)!;
    expect(num(a.weight)).toMatch(/^\d+$/);
    sim.chain.removeDelegation(B);
    sim.chain.addDelegation(C, 40);
    sim.chain.mine(1);
    const after = (await result(sim.url, 'getdelegationsforstaker', [sim.wallet.address])) as Obj[];
    expect(after.map((d) => d.delegate)).not.toContain(B);
    expect(after.find((d) => d.delegate === C)?.fee).toEqual(new JsonNumber('40'));
    const info = (await result(sim.url, 'getdelegationinfoforaddress', [B])) as Obj;
    expect(info).toEqual({ staker: '', fee: new JsonNumber('0'), blockHeight: new JsonNumber('0'), PoD: '', verified: false });
    const [h] = sim.chain.mine(1, { kind: 'pool', delegate: C });
    const b = (await result(sim.url, 'getblock', [h, 2])) as Obj;
    expect(b.tx[1].vout).toHaveLength(3);
    expect(b.tx[1].vout[2].scriptPubKey.address).toBe(C);
  });

  test('address index: utxos sorted by height, chainInfo, balance, deltas', async () => {
    const u = (await result(sim.url, 'getaddressutxos', [{ addresses: [A, B], chainInfo: true }])) as Obj;
    expect(u.hash).toBe(sim.chain.blockHash(sim.chain.tipHeight));
    const heights = (u.utxos as Obj[]).map((x) => Number(num(x.height)));
    expect([...heights].sort((x, y) => x - y)).toEqual(heights);
    const bal = (await result(sim.url, 'getaddressbalance', [{ addresses: [A] }])) as Obj;
    expect(num(bal.balance)).toBe('160012816840');
    const s = (await result(sim.url, 'getaddressbalance', [{ addresses: [sim.wallet.address] }])) as Obj;
    expect(BigInt(num(s.immature))).toBeGreaterThan(0n);
    const d = (await result(sim.url, 'getaddressdeltas', [{ addresses: [A], start: 1, end: sim.chain.tipHeight, chainInfo: true }])) as Obj;
    expect(d.deltas).toHaveLength(6);
    expect(d.start).toEqual({ hash: sim.chain.blockHash(1), height: new JsonNumber('1') });
  });

  test('address deltas over [start, end] are exactly the full history inside the range, in the same order', async () => {
    for (const [from, to] of [[A, B], [B, C], [C, A]] as const) {
      sim.chain.transfer(from, to, 100_000_000n);
      sim.chain.mine(1);
    }
    const all = (await result(sim.url, 'getaddressdeltas', [{ addresses: [A, B, C] }])) as Obj[];
    const heights = [...new Set(all.map((x) => Number(num(x.height))))].sort((x, y) => x - y);
    expect(heights.length).toBeGreaterThan(2);
    const cuts = [[heights[0]!, heights[0]!], [heights[1]!, heights.at(-1)!], [heights[0]! + 1, heights[2]!], [heights.at(-1)!, sim.chain.tipHeight]];
    for (const [start, end] of cuts) {
      const d = (await result(sim.url, 'getaddressdeltas', [{ addresses: [A, B, C], start, end, chainInfo: true }])) as Obj;
      const want = all.filter((x) => Number(num(x.height)) >= start! && Number(num(x.height)) <= end!);
      expect(d.deltas).toEqual(want);
      expect(d.end).toEqual({ hash: sim.chain.blockHash(end!), height: new JsonNumber(String(end)) });
    }
  });
});
