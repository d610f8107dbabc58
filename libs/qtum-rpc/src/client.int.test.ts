/**
 * The real HTTP client against the qtumd simulator (@ppm/qtum-sim), with injected faults.
 */
import { Writable } from 'node:stream';
import { createLogger, isRetryable } from '@ppm/runtime';
import { startSimulator, type SimHandle } from '@ppm/qtum-sim';
import type { QtumRpcClient, QtumRpcClientOptions, RpcCallEvent } from './client-api';
import { createQtumRpcClient } from './create-client';
import {
  RpcAuthError,
  RpcForbiddenError,
  isNodeConfigFault,
  RpcError,
  RpcHttpError,
  RpcInWarmupError,
  RpcInternalError,
  RpcInvalidAddressOrKeyError,
  RpcInvalidParameterError,
  RpcInvalidRequestError,
  RpcMalformedReplyError,
  RpcMethodNotFoundError,
  RpcMiscError,
  RpcParseError,
  RpcTimeoutError,
  RpcTransportError,
  RpcTxIndexNotReadyError,
  RpcTypeError,
  RpcVerifyAlreadyInChainError,
  RpcVerifyError,
  RpcVerifyRejectedError,
  RpcWalletInsufficientFundsError,
  RpcWalletNotFoundError,
  RpcWalletNotSpecifiedError,
  RpcWalletPassphraseIncorrectError,
  RpcWalletUnlockNeededError,
  RpcWalletWrongEncStateError,
} from './errors';
import { rpc } from './rpc';

const FAST_RETRY = { attempts: 5, baseDelayMs: 20, maxDelayMs: 100 };

let sim: SimHandle;
const clients: QtumRpcClient[] = [];

/** A client on the simulator, closed after each test; `lines` collects its log output. */
function client(over: Partial<QtumRpcClientOptions> = {}): { node: QtumRpcClient; lines: string[]; calls: RpcCallEvent[] } {
  const lines: string[] = [];
  const calls: RpcCallEvent[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const node = createQtumRpcClient({
    url: sim.url,
    wallet: 'staker',
    retry: FAST_RETRY,
    timeoutMs: 2000,
    log: createLogger({ name: 'test', level: 'trace', destination }),
    onCall: (e) => calls.push(e),
    ...over,
  });
  clients.push(node);
  return { node, lines, calls };
}

function caught(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${String(v)}`);
    },
    (e: unknown) => e,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});

afterEach(() => {
  sim.faults.clear();
  for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
  await sim.close();
});

describe('typed calls', () => {
  it('reads blocks at every verbosity with exact amounts, and wallet RPCs on the wallet path', async () => {
    const { node } = client();
    const tip = await node.getblockcount();
    expect(tip).toBeGreaterThan(0);
    const hash = await node.getblockhash(tip);
    expect(await node.getbestblockhash()).toBe(hash);
    const v1 = await node.getblock(hash);
    const v2 = await node.getblock(hash, 2);
    const v3 = await node.getblock(hash, 3);
    expect(v1.tx).toEqual(v2.tx.map((t) => t.txid));
    expect(typeof v2.tx[0]!.vout[0]!.valueSats).toBe('bigint');
    expect(v3.tx.length).toBe(v2.tx.length);
    expect((await node.getblockheader(hash)).hash).toBe(hash);
    expect((await node.getblockchaininfo()).blocks).toBe(tip);
    const info = await node.getwalletinfo();
    expect(typeof info.balanceSats).toBe('bigint');
    expect(typeof (await node.getstakinginfo()).weight).toBe('bigint');
  });

  it('an unknown wallet name gives RpcWalletNotFoundError', async () => {
    const { node } = client({ wallet: 'nosuchwallet' });
    await expect(node.getwalletinfo()).rejects.toBeInstanceOf(RpcWalletNotFoundError);
  });
});

describe('settlement lookups', () => {
  it('getspentinfo names the spender; getindexinfo and the -5 of a txindex still being built are told apart', async () => {
    const { node } = client();
    const k = sim.chain.addKey('rpc-spent');
    const funding = sim.chain.fund(k.address, [100_000_000n]);
    const spender = sim.chain.fund(sim.chain.addKey('rpc-spent-2').address, [100_000_000n]);
    sim.chain.mine(1);
    const funded = await node.getrawtransaction(funding);
    const change = funded.vout.length - 1;
    expect(await node.getspentinfo(funding, change)).toEqual({ txid: spender, index: 0, height: sim.chain.tipHeight });
    const unspent = await caught(node.getspentinfo(funding, 0));
    expect(unspent).toBeInstanceOf(RpcInvalidAddressOrKeyError);
    expect(unspent).not.toBeInstanceOf(RpcTxIndexNotReadyError);
    expect(await node.getindexinfo('txindex')).toEqual({ txindex: { synced: true, best_block_height: sim.chain.tipHeight } });
    sim.chain.txindexBuilding = true;
    try {
      await expect(node.getrawtransaction(funding)).rejects.toBeInstanceOf(RpcTxIndexNotReadyError);
      expect((await node.getindexinfo()).txindex?.synced).toBe(false);
    } finally {
      sim.chain.txindexBuilding = false;
    }
    const absent = await caught(node.getrawtransaction('00'.repeat(32)));
    expect(absent).toBeInstanceOf(RpcInvalidAddressOrKeyError);
    expect(absent).not.toBeInstanceOf(RpcTxIndexNotReadyError);
  });
});

describe('batches', () => {
  it('sends 150 calls in chunks, results in order, one failing entry typed', async () => {
    const { node, calls } = client({ batchChunkSize: 40 });
    const tip = await node.getblockcount();
    const heights = Array.from({ length: 150 }, (_, i) => i % (tip + 1));
    const reqs = [...heights.map((h) => rpc.getblockhash(h)), rpc.getblockhash(tip + 1000), rpc.getblockcount()];
    const out = await node.batch(reqs);
    expect(out).toHaveLength(152);
    expect(out.slice(0, 150).every((e) => e.ok)).toBe(true);
    const bad = out[150]!;
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toBeInstanceOf(RpcInvalidParameterError);
      expect(bad.error.message).toBe('Block height out of range');
    }
    expect(out[151]).toEqual({ ok: true, value: tip });
    const e7 = out[7]!;
    expect(e7.ok && e7.value).toBe(await node.getblockhash(heights[7]!));
    expect(calls.filter((c) => c.method === 'batch')).toHaveLength(1);
  });

  it('refuses non-retry-safe calls in a batch', async () => {
    const { node } = client();
    await expect(node.batch([rpc.getblockcount(), rpc.sendmany([{ address: sim.wallet.address, amountSats: 100_000n }])])).rejects.toBeInstanceOf(
      RpcInvalidRequestError,
    );
  });

  it('retries the whole batch after a transport failure', async () => {
    const { node } = client({ timeoutMs: 150 });
    sim.faults.inject({ method: 'getblockhash', kind: 'timeout', delayMs: 600 });
    const out = await node.batch([rpc.getblockhash(0), rpc.getblockhash(1)]);
    expect(out.map((e) => e.ok)).toEqual([true, true]);
  });
});

describe('typed errors', () => {
  const cases: [number, abstract new (...a: never[]) => Error][] = [
    [-1, RpcMiscError],
    [-3, RpcTypeError],
    [-5, RpcInvalidAddressOrKeyError],
    [-6, RpcWalletInsufficientFundsError],
    [-8, RpcInvalidParameterError],
    [-13, RpcWalletUnlockNeededError],
    [-14, RpcWalletPassphraseIncorrectError],
    [-15, RpcWalletWrongEncStateError],
    [-18, RpcWalletNotFoundError],
    [-19, RpcWalletNotSpecifiedError],
    [-25, RpcVerifyError],
    [-26, RpcVerifyRejectedError],
    [-27, RpcVerifyAlreadyInChainError],
    [-28, RpcInWarmupError],
    [-32601, RpcMethodNotFoundError],
    [-32603, RpcInternalError],
    [-32700, RpcParseError],
  ];

  it.each(cases)('code %i maps to its class with the node message', async (code, Class) => {
    const { node, calls } = client({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const message = `injected ${code}: Error: Wallet is unlocked for staking only.`;
    sim.faults.inject({ method: 'getblockcount', kind: 'rpc-error', code, message });
    const err = await caught(node.getblockcount());
    expect(err).toBeInstanceOf(Class);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code, message, method: 'getblockcount' });
    expect(calls).toEqual([{ method: 'getblockcount', ms: expect.any(Number), ok: false, code }]);
  });

  it('reads the JSON body of an HTTP 500 and reports other statuses as HTTP errors', async () => {
    const { node } = client();
    sim.faults.inject({ kind: 'http-status', status: 500, body: '{"result":null,"error":{"code":-8,"message":"from a 500 body"},"id":1}\n' });
    await expect(node.getblockcount()).rejects.toThrow(new RpcInvalidParameterError(-8, 'from a 500 body', 'getblockcount'));
    sim.faults.inject({ kind: 'http-status', status: 502, body: '<html>bad gateway</html>' });
    await expect(node.getblockcount()).rejects.toBeInstanceOf(RpcHttpError);
  });

  it('401 is a permanent RpcAuthError that points at QTUM_RPC_URL', async () => {
    const u = new URL(sim.url);
    u.password = 'wrong';
    const { node } = client({ url: u.toString() });
    const err = await caught(node.getblockcount());
    expect(err).toBeInstanceOf(RpcAuthError);
    expect((err as Error).message).toMatch(/QTUM_RPC_URL/);
    expect((err as Error).message).not.toMatch(/wrong/);
    expect(isNodeConfigFault(err)).toBe(true);
    expect(isNodeConfigFault(new RpcTransportError('x', 'getblockcount', 'ECONNREFUSED'))).toBe(false);
  });

  it('403 (rpcwhitelist) is a permanent RpcForbiddenError naming the role list, for a call and for a batch', async () => {
    const limited = await startSimulator({ rpcUsers: [{ user: 'reader', password: 'r', whitelist: ['getblockcount'] }] });
    try {
      const u = new URL(limited.url);
      u.username = 'reader';
      u.password = 'r';
      const { node } = client({ url: u.toString() });
      expect(typeof (await node.getblockcount())).toBe('number');
      const err = await caught(node.walletpassphrase('secret', 10));
      expect(err).toBeInstanceOf(RpcForbiddenError);
      expect(isRetryable(err)).toBe(false);
      expect((err as Error).message).toMatch(/^walletpassphrase: qtumd refused the call for this RPC user \(HTTP 403, rpcwhitelist\).*RPC_ROLES/);
      expect((err as Error).message).toContain('add walletpassphrase to the rpcwhitelist line of user reader in qtum.conf (rpcwhitelist=reader:<its methods>,walletpassphrase)');
      expect(err).toMatchObject({ methods: ['walletpassphrase'], user: 'reader' });
      expect(isNodeConfigFault(err)).toBe(true);
      expect((err as Error).message).not.toMatch(/secret/);
      const batchErr = await caught(node.batch([rpc.getblockcount(), rpc.getbestblockhash(), rpc.getblockcount()]));
      expect(batchErr).toBeInstanceOf(RpcForbiddenError);
      expect(batchErr).toMatchObject({ methods: ['getblockcount', 'getbestblockhash'] });
      expect((batchErr as Error).message).toContain('whichever of getblockcount, getbestblockhash is missing');
    } finally {
      await limited.close();
    }
  });

  it('malformed JSON is RpcMalformedReplyError and is not retried', async () => {
    const { node, lines } = client();
    sim.faults.inject({ method: 'getblockcount', kind: 'malformed' });
    const err = await caught(node.getblockcount());
    expect(err).toBeInstanceOf(RpcMalformedReplyError);
    expect((err as Error).message).toMatch(/^getblockcount: body: not JSON/);
    expect(lines.join('')).not.toMatch(/retrying/);
  });

  it('a bad-shape reply names the method and the field', async () => {
    const { node } = client();
    const hash = await node.getbestblockhash();
    sim.faults.inject({ method: 'getblock', kind: 'bad-shape' });
    await expect(node.getblock(hash, 2)).rejects.toThrow(/^getblock: result\.hash: expected string, got number 12345$/);
    sim.faults.inject({ method: 'getaddressbalance', kind: 'bad-shape' });
    await expect(node.getaddressbalance({ addresses: [sim.wallet.address] })).rejects.toThrow(
      /^getaddressbalance: result\.balance: expected non-negative integer satoshis$/,
    );
  });
});

describe('timeouts, node down, warm-up', () => {
  it('times out with RpcTimeoutError, and succeeds when a retry gets through', async () => {
    const { node } = client({ timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
    sim.faults.inject({ method: 'getblockcount', kind: 'timeout', delayMs: 500, times: 2 });
    const err = await caught(node.getblockcount());
    expect(err).toBeInstanceOf(RpcTimeoutError);
    expect(err).toMatchObject({ method: 'getblockcount', timeoutMs: 100 });
    sim.faults.inject({ method: 'getblockcount', kind: 'timeout', delayMs: 500, times: 1 });
    expect(await node.getblockcount()).toBeGreaterThan(0);
  });

  it('node down: ECONNREFUSED is a transport error; down then up succeeds through retries', async () => {
    const { node, lines } = client({ retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
    const before = await node.getblockcount();
    await sim.stop();
    try {
      const err = await caught(node.getblockcount());
      expect(err).toBeInstanceOf(RpcTransportError);
      expect((err as RpcTransportError).errno).toBe('ECONNREFUSED');
    } finally {
      await sim.restart();
    }
    const patient = client({ retry: { attempts: 10, baseDelayMs: 50, maxDelayMs: 200 } });
    await sim.stop();
    const pending = patient.node.getblockcount();
    await sleep(300);
    await sim.restart();
    expect(await pending).toBeGreaterThanOrEqual(before);
    expect(patient.lines.join('')).toMatch(/retrying/);
    expect(lines.join('')).not.toMatch(/ppm:ppm/);
  });

  it('-28 warm-up is retried until the node is ready', async () => {
    const { node, lines, calls } = client();
    sim.faults.inject({ method: 'getblockcount', kind: 'warmup', times: 2 });
    expect(await node.getblockcount()).toBeGreaterThan(0);
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(2);
    expect(calls).toEqual([{ method: 'getblockcount', ms: expect.any(Number), ok: true }]);
  });
});

describe('sendmany is never retried', () => {
  it('a timed-out sendmany fails once even though the node went on to pay', async () => {
    const { node, lines } = client({ timeoutMs: 150 });
    const to = sim.wallet.address;
    const before = sim.wallet.calls().filter((c) => c.method === 'sendmany').length;
    sim.faults.inject({ method: 'sendmany', kind: 'timeout', delayMs: 400, times: 5 });
    const err = await caught(node.sendmany([{ address: to, amountSats: 150_000_000n }], { comment: 'round 1' }));
    expect(err).toBeInstanceOf(RpcTimeoutError);
    await sleep(600);
    // The node executed the one request it got; a retry would have been a second payment.
    expect(sim.wallet.calls().filter((c) => c.method === 'sendmany').length - before).toBe(1);
    expect(lines.join('')).not.toMatch(/retrying/);
  });

  it('-28 on sendmany is not retried either; on a retry-safe call it is', async () => {
    const { node } = client();
    const to = sim.wallet.address;
    sim.faults.inject({ method: 'sendmany', kind: 'warmup', times: 1 });
    await expect(node.sendmany([{ address: to, amountSats: 100_000n }])).rejects.toBeInstanceOf(RpcInWarmupError);
    const txid = await node.sendmany([{ address: to, amountSats: 100_000n }]);
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
    const raw = await node.getrawmempool();
    expect(raw).toContain(txid);
  });
});

describe('secrets', () => {
  it('never logs walletpassphrase params or the URL credentials', async () => {
    const { node, lines } = client();
    await caught(node.walletpassphrase('super-secret-pass', 60, true));
    await node.getblockcount();
    const all = lines.join('');
    expect(all).toMatch(/walletpassphrase/);
    expect(all).toMatch(/"params"/);
    expect(all).not.toMatch(/super-secret-pass/);
    expect(all).not.toMatch(/ppm:ppm/);
  });
});
