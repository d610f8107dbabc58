/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- RPC replies are untyped JSON walked by the assertions. */
import { startSimulator, type SimHandle } from './index';
import { call, post, result } from './test/rpc-client';
import { testScenario } from './test/scenarios';

const PASS = 'ppm-staker-pass';
let sim: SimHandle;
let A: string;
let B: string;
beforeAll(async () => {
  sim = await startSimulator({ scenario: testScenario({ wallet: { passphrase: PASS, stakingOnly: true } }) });
  const byLabel = new Map(sim.chain.delegates().map((d) => [d.label, d.address]));
  A = byLabel.get('A')!;
  B = byLabel.get('B')!;
});
afterEach(() => {
  sim.wallet.assertStakingOnly();
});
afterAll(async () => {
  await sim.close();
});

type Obj = Record<string, any>;
const W = '/wallet/staker';
const err = async (method: string, params: unknown[]) => (await call(sim.url, method, params, W)).reply.error;
const unlockStaking = () => result(sim.url, 'walletpassphrase', [PASS, 99999999, true], W);

describe('wallet states', () => {
  test('starts unlocked for staking only; unlocked_until is in the future; spending is refused', async () => {
    expect(sim.wallet.state()).toBe('staking-only');
    const info = (await result(sim.url, 'getwalletinfo', [], W)) as Obj;
    expect(Number(info.unlocked_until.text)).toBeGreaterThan(Date.now() / 1000);
    expect(await err('sendmany', ['', { [A]: 1.5 }])).toEqual({ code: expect.anything(), message: 'Error: Wallet is unlocked for staking only.' });
    const hex = (await result(sim.url, 'createrawtransaction', [[], { [A]: 1 }])) as string;
    expect(await err('signrawtransactionwithwallet', [hex])).toMatchObject({ message: 'Error: Wallet is unlocked for staking only.' });
    const staking = (await result(sim.url, 'getstakinginfo', [], W)) as Obj;
    expect(staking.staking).toBe(true);
  });

  test('wrong passphrase -14 keeps the unlock; timeout 0 relocks; walletlock locks; the log hides the passphrase', async () => {
    expect(await err('walletpassphrase', ['wrong', 60])).toEqual({ code: expect.anything(), message: 'Error: The wallet passphrase entered was incorrect.' });
    expect(sim.wallet.state()).toBe('staking-only');
    await result(sim.url, 'walletpassphrase', [PASS, 0, true], W);
    expect(sim.wallet.state()).toBe('locked');
    expect(((await result(sim.url, 'getwalletinfo', [], W)) as Obj).unlocked_until.text).toBe('0');
    expect(((await result(sim.url, 'getstakinginfo', [], W)) as Obj).staking).toBe(false);
    expect(await err('sendmany', ['', { [A]: 1 }])).toMatchObject({ message: 'Error: Please enter the wallet passphrase with walletpassphrase first.' });
    await unlockStaking();
    await result(sim.url, 'walletlock', [], W);
    expect(sim.wallet.state()).toBe('locked');
    expect(() => sim.wallet.assertStakingOnly()).toThrow(/staking only/);
    await unlockStaking();
    const calls = sim.wallet.calls();
    expect(calls.some((c) => c.method === 'walletpassphrase' && c.error === -14)).toBe(true);
    expect(JSON.stringify(calls)).not.toContain(PASS);
    expect(JSON.stringify(calls)).not.toContain('wrong');
  });

  test('restart: node down, then back with the wallet locked', async () => {
    await sim.stop();
    await expect(call(sim.url, 'getblockcount')).rejects.toThrow();
    await sim.restart();
    expect(sim.wallet.state()).toBe('locked');
    expect(((await result(sim.url, 'getwalletinfo', [], W)) as Obj).unlocked_until.text).toBe('0');
    await unlockStaking();
  });
});

describe('raw transaction flow', () => {
  test('create, fund (locked ok), sign (needs full unlock), decode, send, resend, mine, already in chain', async () => {
    const hex = (await result(sim.url, 'createrawtransaction', [[], { [A]: '0.75000000', [B]: '1.12500000' }])) as string;
    const funded = (await result(sim.url, 'fundrawtransaction', [hex, { changeAddress: sim.wallet.address, lockUnspents: true }], W)) as Obj;
    expect(funded.fee.text).toMatch(/^0\.\d{8}$/);
    const locked = (await result(sim.url, 'listlockunspent', [], W)) as Obj[];
    expect(locked).toHaveLength(1);
    await result(sim.url, 'walletpassphrase', [PASS, 60], W);
    expect(sim.wallet.state()).toBe('unlocked');
    const signed = (await result(sim.url, 'signrawtransactionwithwallet', [funded.hex], W)) as Obj;
    await unlockStaking();
    expect(signed.complete).toBe(true);
    const decoded = (await result(sim.url, 'decoderawtransaction', [signed.hex])) as Obj;
    expect(await err('gettransaction', [decoded.txid])).toMatchObject({ message: 'Invalid or non-wallet transaction id' });
    expect(await result(sim.url, 'sendrawtransaction', [signed.hex])).toBe(decoded.txid);
    expect(await result(sim.url, 'sendrawtransaction', [signed.hex])).toBe(decoded.txid);
    const tx = (await result(sim.url, 'gettransaction', [decoded.txid], W)) as Obj;
    expect(tx.confirmations.text).toBe('0');
    expect(tx['bip125-replaceable']).toBe('yes');
    expect(tx.fee.text).toBe(`-${funded.fee.text as string}`);
    const mem = (await result(sim.url, 'getrawmempool', [true])) as Obj;
    expect(Object.keys(mem)).toEqual([decoded.txid]);
    sim.chain.mine(1, { kind: 'self' });
    expect(((await result(sim.url, 'gettransaction', [decoded.txid], W)) as Obj).confirmations.text).toBe('1');
    expect(await err('sendrawtransaction', [signed.hex])).toEqual({ code: expect.anything(), message: 'Transaction already in block chain' });
  });

  test('the staker never stakes a coin the wallet locked (qtumd AvailableCoinsForStaking skips locked coins)', async () => {
    const coins = (await result(sim.url, 'listunspent', [], W)) as Obj[];
    const stakeable = coins.filter((c) => c.address === sim.wallet.address && Number(c.amount.text) >= 100);
    expect(stakeable.length).toBeGreaterThanOrEqual(2);
    // Every stakeable coin of S locked but one (as fundrawtransaction's lockUnspents leaves a signed, unsent payout).
    const [free, ...rest] = stakeable;
    await result(sim.url, 'lockunspent', [false, rest.map((c) => ({ txid: c.txid, vout: c.vout }))], W);
    try {
      for (let i = 0; i < 3; i++) {
        sim.chain.mine(1, { kind: 'self' });
        const block = sim.chain.block(sim.chain.tipHeight)!;
        expect(block.kind).toBe('self');
        const spent = block.txs[1]!.tx.vin.map((v) => `${v.prevTxid}:${v.prevVout}`);
        for (const c of rest) expect(spent).not.toContain(`${c.txid as string}:${c.vout as number}`);
      }
      expect(sim.chain.block(sim.chain.tipHeight - 2)!.txs[1]!.tx.vin.map((v) => v.prevTxid)).toContain(free!.txid);
    } finally {
      await result(sim.url, 'lockunspent', [true], W);
    }
  });

  test('mempool double spend -26, spent input -25, unsigned -26', async () => {
    const coins = (await result(sim.url, 'listunspent', [], W)) as Obj[];
    const coin = coins.find((c) => c.address === sim.wallet.address && c.amount.text === '200.00000000')!;
    const make = async (amount: string, replaceable: boolean) => {
      const h = (await result(sim.url, 'createrawtransaction', [[{ txid: coin.txid, vout: coin.vout }], { [A]: amount }, 0, replaceable])) as string;
      return h;
    };
    const unsigned = await make('199.99', false);
    expect((await err('sendrawtransaction', [unsigned]))?.message).toMatch(/^mandatory-script-verify-flag-failed/);
    await result(sim.url, 'walletpassphrase', [PASS, 60], W);
    const s1 = (await result(sim.url, 'signrawtransactionwithwallet', [unsigned], W)) as Obj;
    const s2 = (await result(sim.url, 'signrawtransactionwithwallet', [await make('199.98', false)], W)) as Obj;
    await unlockStaking();
    await result(sim.url, 'sendrawtransaction', [s1.hex]);
    expect(await err('sendrawtransaction', [s2.hex])).toMatchObject({ message: 'txn-mempool-conflict' });
    sim.chain.mine(1);
    expect(await err('sendrawtransaction', [s2.hex])).toMatchObject({ message: 'bad-txns-inputs-missingorspent' });
  });

  test('sendmany: argument errors before lock errors, then -6; success returns a txid; verbose', async () => {
    expect(await err('sendmany', ['', { qInvalidAddress123: 1, [B]: 1 }])).toMatchObject({ message: 'Invalid Qtum address: qInvalidAddress123' });
    expect(await err('sendmany', ['', { [A]: '0.123456789' }])).toMatchObject({ message: 'Invalid amount' });
    expect(await err('sendmany', ['x', { [A]: 1 }])).toMatchObject({ message: 'Dummy value must be set to ""' });
    const dup = await post(sim.url, `{"id":1,"method":"sendmany","params":["",{"${A}":1,"${B}":2,"${A}":3}]}`, { path: W });
    expect(dup.body).toContain(`"message":"Invalid parameter, duplicated address: ${A}"`);
    await result(sim.url, 'walletpassphrase', [PASS, 60], W);
    try {
      expect(await err('sendmany', ['', { [A]: 0.00001 }])).toMatchObject({ message: 'Transaction amount too small' });
      expect(await err('sendmany', ['', { [A]: 50000000 }])).toMatchObject({ message: 'Insufficient funds' });
      const txid = (await result(sim.url, 'sendmany', ['', { [A]: 1.5, [B]: '2.25' }, 1, 'pool payout round 1'], W)) as string;
      expect(txid).toMatch(/^[0-9a-f]{64}$/);
      const v = (await result(sim.url, 'sendmany', ['', { [A]: '0.1' }, 1, '', [], true, null, 'unset', null, true], W)) as Obj;
      expect(v).toEqual({ txid: expect.stringMatching(/^[0-9a-f]{64}$/), fee_reason: 'Fallback fee' });
      const tx = (await result(sim.url, 'gettransaction', [txid], W)) as Obj;
      expect(tx.amount.text).toBe('-3.75000000');
      expect(tx.comment).toBe('pool payout round 1');
      expect((tx.details as Obj[]).map((d) => d.category)).toEqual(['send', 'send']);
      const mem = (await result(sim.url, 'getaddressmempool', [{ addresses: [A, B] }])) as Obj[];
      expect(mem.length).toBeGreaterThanOrEqual(3);
    } finally {
      await unlockStaking();
    }
  });

  test('coinstake as the wallet sees it: generated, positive fee', async () => {
    const [h] = sim.chain.mine(1, { kind: 'pool' });
    const b = (await result(sim.url, 'getblock', [h, 1])) as Obj;
    const tx = (await result(sim.url, 'gettransaction', [b.tx[1]], W)) as Obj;
    expect(tx.generated).toBe(true);
    expect(tx.details).toEqual([{ category: 'send', amount: expect.anything(), vout: expect.anything(), fee: expect.anything(), abandoned: false }]);
    expect(tx.fee.text.startsWith('-')).toBe(false);
  });

  test('listtransactions: a coinstake is one send entry with amount 0 and a positive fee', async () => {
    sim.chain.mine(1, { kind: 'pool', includeMempool: false });
    const list = (await result(sim.url, 'listtransactions', ['*', 3], W)) as Obj[];
    expect(list).toHaveLength(3);
    const last = list.find((e) => e.generated === true)!;
    expect(Object.keys(last).slice(0, 5)).toEqual(['category', 'amount', 'vout', 'fee', 'confirmations']);
    expect([last.category, last.amount.text, last.generated, last.abandoned]).toEqual(['send', '0.00000000', true, false]);
  });
});
