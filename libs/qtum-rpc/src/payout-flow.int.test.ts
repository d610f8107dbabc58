/**
 * Every typed method against the simulator on a chain with delegations: the snapshot reads
 * (delegations, address index, logs) and the signer's raw payout flow (create, fund, sign, send).
 */
import { formatQtum } from '@ppm/chain';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import type { QtumRpcClient } from './client-api';
import { createQtumRpcClient } from './create-client';
import { RpcInvalidRequestError } from './errors';

const DELEGATION_CONTRACT = '0000000000000000000000000000000000000086';

let sim: SimHandle;
let node: QtumRpcClient;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    scenario: {
      delegates: [
        { label: 'A', utxos: ['100', '150', '50'] },
        { label: 'B', utxos: ['2000', '99.99999999'] },
      ],
      timeline: [{ at: 5201, do: 'pool' }],
    },
  });
  node = createQtumRpcClient({ url: sim.url, wallet: 'staker', retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 50 } });
});

afterAll(async () => {
  node.close();
  await sim.close();
});

describe('snapshot reads', () => {
  it('delegations, address index and searchlogs agree', async () => {
    const delegations = await node.getdelegationsforstaker(sim.wallet.address);
    expect(delegations).toHaveLength(2);
    for (const d of delegations) {
      expect(d.staker).toBe(sim.wallet.address);
      expect(typeof d.weight).toBe('bigint');
      const info = await node.getdelegationinfoforaddress(d.delegate);
      expect(info).toMatchObject({ staker: sim.wallet.address, fee: d.fee, blockHeight: d.blockHeight, PoD: d.PoD });
    }
    const b = delegations.find((d) => d.weight === 209_999_999_999n);
    expect(b).toBeDefined();
    const utxos = await node.getaddressutxos({ addresses: [b!.delegate] });
    expect(utxos.map((u) => u.satoshis).sort()).toEqual([200_000_000_000n, 9_999_999_999n].sort());
    const withTip = await node.getaddressutxos({ addresses: [b!.delegate], chainInfo: true });
    expect(withTip.height).toBe(await node.getblockcount());
    const balance = await node.getaddressbalance({ addresses: [b!.delegate] });
    expect(balance.balance).toBe(209_999_999_999n);
    const deltas = await node.getaddressdeltas({ addresses: [b!.delegate], start: 1, end: withTip.height });
    expect(deltas.reduce((s, d) => s + d.satoshis, 0n)).toBe(balance.balance);

    const logs = await node.searchlogs(0, -1, { addresses: [DELEGATION_CONTRACT] });
    const adds = logs.events.filter((e) => e.type === 'add');
    expect(adds).toHaveLength(2);
    expect(logs.receipts.length).toBeGreaterThanOrEqual(2);
  });

  it('a delegated block at verbosity 3 carries the PoD and the staker input value', async () => {
    const block = await node.getblock(await node.getblockhash(5201), 3);
    expect(block.proofOfDelegation).toMatch(/^[0-9a-f]{130}$/);
    const coinstake = block.tx[1]!;
    expect(coinstake.vin[0]!.prevout!.valueSats).toBeGreaterThanOrEqual(10_000_000_000n);
    const raw = await node.getrawtransaction(coinstake.txid);
    expect(raw.vout.map((o) => o.valueSats)).toEqual(coinstake.vout.map((o) => o.valueSats));
    const out = await node.gettxout(block.prevoutStakeHash!, block.prevoutStakeVoutN!);
    expect(out?.valueSats).toBeGreaterThanOrEqual(10_000_000_000n);
    expect((await node.getnetworkinfo()).relayfeeSats).toBe(400_000n);
  });
});

describe('raw payout flow', () => {
  it('create -> fund (locked coins) -> sign -> decode -> send twice -> mempool -> gettransaction', async () => {
    const [a, b] = (await node.getdelegationsforstaker(sim.wallet.address)).map((d) => d.delegate);
    const outputs = [
      { address: a!, amountSats: 75_000_000n },
      { address: b!, amountSats: 112_500_000n },
    ];
    const unsigned = await node.createrawtransaction([], outputs, undefined, false);
    const funded = await node.fundrawtransaction(unsigned, { changeAddress: sim.wallet.address, lockUnspents: true, replaceable: false });
    expect(funded.feeSats).toBeGreaterThan(0n);
    const locked = await node.listlockunspent();
    expect(locked.length).toBeGreaterThan(0);
    const signed = await node.signrawtransactionwithwallet(funded.hex);
    expect(signed.complete).toBe(true);
    const decoded = await node.decoderawtransaction(signed.hex);
    const paid = decoded.vout.filter((o) => o.scriptPubKey.address === a || o.scriptPubKey.address === b).map((o) => o.valueSats);
    expect(paid.sort()).toEqual([75_000_000n, 112_500_000n].sort());
    const txid = await node.sendrawtransaction(signed.hex);
    expect(txid).toBe(decoded.txid);
    // Re-sending the same raw tx is harmless: that is why sendrawtransaction is retry-safe.
    expect(await node.sendrawtransaction(signed.hex)).toBe(txid);
    const pool = await node.getrawmempool(true);
    expect(pool[txid]!.fees.baseSats).toBe(funded.feeSats);
    const wtx = await node.gettransaction(txid);
    expect(wtx.feeSats).toBe(-funded.feeSats);
    expect(await node.lockunspent(true)).toBe(true);
  });

  it('sendmany pays exact amounts given as 8-decimal strings', async () => {
    const [a] = (await node.getdelegationsforstaker(sim.wallet.address)).map((d) => d.delegate);
    const txid = await node.sendmany([{ address: a!, amountSats: 123_456_789n }], { comment: 'round 7' });
    const wtx = await node.gettransaction(txid);
    expect(wtx.details.find((d) => d.address === a)?.amountSats).toBe(-123_456_789n);
    expect(formatQtum(123_456_789n)).toBe('1.23456789');
    await expect(node.sendmany([{ address: a!, amountSats: 1n }, { address: a!, amountSats: 2n }])).rejects.toBeInstanceOf(RpcInvalidRequestError);
  });

  it('listunspent with a query, and the staking status', async () => {
    const coins = await node.listunspent({ minconf: 1, addresses: [sim.wallet.address], query: { minimumAmountSats: 10_000_000_000n, maximumCount: 3 } });
    expect(coins.length).toBeGreaterThan(0);
    expect(coins.length).toBeLessThanOrEqual(3);
    expect(coins.every((c) => c.amountSats >= 10_000_000_000n)).toBe(true);
    const staking = await node.getstakinginfo();
    expect(typeof staking.delegateweight).toBe('bigint');
  });
});
