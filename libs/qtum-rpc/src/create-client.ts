import { stringifyWireJson } from '@ppm/chain';
import { errorMessage } from '@ppm/runtime';
import type { QtumRpcClient, QtumRpcClientOptions } from './client-api';
import { isRpcError, RpcForbiddenError, RpcInvalidRequestError } from './errors';
import { readBatchReply } from './batch-reply';
import { readEnvelope, resultOf } from './reply';
import { DEFAULT_RETRY, withRetry } from './retry';
import { rpc } from './rpc';
import type { BatchEntry, BatchResults, RpcRequest } from './rpc-request';
import type { AddressDeltasQuery } from './types';
import { createHttpTransport } from './transport/http-transport';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_BATCH_CHUNK_SIZE = 500;

/**
 * Creates the qtumd client. Nothing connects until the first call. Retry-safe calls are retried on
 * transport failures and -28 with backoff; sendmany and fundrawtransaction never are. Close it on shutdown.
 */
export function createQtumRpcClient(opts: QtumRpcClientOptions): QtumRpcClient {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy = opts.retry ?? DEFAULT_RETRY;
  const chunkSize = Math.max(1, opts.batchChunkSize ?? DEFAULT_BATCH_CHUNK_SIZE);
  const transport = createHttpTransport({ url: opts.url, timeoutMs });
  const log = opts.log?.child({ component: 'qtum-rpc', node: transport.endpoint });
  const walletPath = opts.wallet === undefined ? undefined : `/wallet/${encodeURIComponent(opts.wallet)}`;
  let nextId = 1;

  const pathFor = (wallet: boolean): string =>
    wallet && walletPath ? (transport.basePath === '/' ? walletPath : `${transport.basePath}${walletPath}`) : transport.basePath;

  function report(method: string, started: number, err: unknown): void {
    const ms = Date.now() - started;
    const code = isRpcError(err) ? err.code : undefined;
    opts.onCall?.({ method, ms, ok: err === undefined, ...(code === undefined ? {} : { code }) });
    if (err === undefined) log?.debug({ method, ms }, 'rpc ok');
    else log?.debug({ method, ms, code, err: errorMessage(err) }, 'rpc failed');
  }

  const onRetry = (label: string) => (err: unknown, retry: number, delayMs: number) =>
    log?.warn({ method: label, retry, delayMs, err: errorMessage(err) }, 'qtumd call failed; retrying');

  async function call<T>(req: RpcRequest<T>): Promise<T> {
    const id = nextId++;
    const body = stringifyWireJson({ jsonrpc: '1.0', id, method: req.method, params: req.params });
    if (!req.secret) log?.trace({ method: req.method, params: req.params }, 'rpc call');
    const started = Date.now();
    try {
      const value = await withRetry(
        async () => {
          const reply = await transport.post(pathFor(req.wallet), body, req.method, { reuseSocket: req.retrySafe });
          // 403 has an empty body: only we know which user asked for what (the advice names both).
          if (reply.status === 403) throw new RpcForbiddenError(req.method, { user: transport.user, methods: [req.method] });
          return req.parse(resultOf(readEnvelope(req.method, reply.status, reply.body)));
        },
        { policy, retrySafe: req.retrySafe, onRetry: onRetry(req.method) },
      );
      report(req.method, started, undefined);
      return value;
    } catch (err) {
      report(req.method, started, err);
      throw err;
    }
  }

  async function batchChunk(reqs: readonly RpcRequest<unknown>[]): Promise<BatchEntry<unknown>[]> {
    const ids = reqs.map(() => nextId++);
    const body = stringifyWireJson(reqs.map((r, i) => ({ jsonrpc: '1.0', id: ids[i], method: r.method, params: r.params })));
    // Non-wallet RPCs are served on the wallet path too, so one wallet call sends the chunk there.
    const path = pathFor(reqs.some((r) => r.wallet));
    return withRetry(
      async () => {
        const reply = await transport.post(path, body, 'batch', { reuseSocket: true });
        if (reply.status === 403) throw new RpcForbiddenError('batch', { user: transport.user, methods: [...new Set(reqs.map((r) => r.method))] });
        return readBatchReply(reqs, ids, reply.status, reply.body);
      },
      { policy, retrySafe: true, onRetry: onRetry('batch') },
    );
  }

  async function batch<const Rs extends readonly RpcRequest<unknown>[]>(requests: Rs): Promise<BatchResults<Rs>> {
    const unsafe = requests.find((r) => !r.retrySafe);
    if (unsafe) throw new RpcInvalidRequestError('batch', `${unsafe.method} is not retry-safe and cannot be batched`);
    const started = Date.now();
    const out: BatchEntry<unknown>[] = [];
    try {
      for (let i = 0; i < requests.length; i += chunkSize) out.push(...(await batchChunk(requests.slice(i, i + chunkSize))));
    } catch (err) {
      report('batch', started, err);
      throw err;
    }
    report('batch', started, undefined);
    return out as BatchResults<Rs>;
  }

  /** Builds then sends: a builder's refusal (duplicate recipient...) becomes a rejection, never a throw. */
  async function send<T>(build: () => RpcRequest<T>): Promise<T> {
    return await call(build());
  }

  return {
    call,
    batch,
    close: () => transport.close(),
    getblockcount: () => send(() => rpc.getblockcount()),
    getbestblockhash: () => send(() => rpc.getbestblockhash()),
    getblockhash: (height) => send(() => rpc.getblockhash(height)),
    getblockheader: (hash) => send(() => rpc.getblockheader(hash)),
    // The overloads are checked on rpc.getblock; here the verbosity passes straight through.
    getblock: ((hash: string, verbosity?: 1 | 2 | 3) => send(() => rpc.getblock(hash, verbosity as 1))) as QtumRpcClient['getblock'],
    getrawtransaction: (txid, blockhash) => send(() => rpc.getrawtransaction(txid, blockhash)),
    gettxout: (txid, n, includeMempool) => send(() => rpc.gettxout(txid, n, includeMempool)),
    getspentinfo: (txid, index) => send(() => rpc.getspentinfo(txid, index)),
    getindexinfo: (name) => send(() => rpc.getindexinfo(name)),
    getblockchaininfo: () => send(() => rpc.getblockchaininfo()),
    getnetworkinfo: () => send(() => rpc.getnetworkinfo()),
    getrawmempool: ((verbose?: boolean) => send(() => rpc.getrawmempool(verbose as false))) as QtumRpcClient['getrawmempool'],
    getstakinginfo: () => send(() => rpc.getstakinginfo()),
    getdelegationsforstaker: (staker) => send(() => rpc.getdelegationsforstaker(staker)),
    getdelegationinfoforaddress: (delegate) => send(() => rpc.getdelegationinfoforaddress(delegate)),
    verifymessage: (address, signature, message) => send(() => rpc.verifymessage(address, signature, message)),
    searchlogs: (from, to, filter, minconf) => send(() => rpc.searchlogs(from, to, filter, minconf)),
    getaddressutxos: ((q: { addresses: string[]; chainInfo?: boolean }) => send(() => rpc.getaddressutxos(q as { addresses: string[] }))) as QtumRpcClient['getaddressutxos'],
    getaddressdeltas: ((q: AddressDeltasQuery & { chainInfo?: boolean }) => send(() => rpc.getaddressdeltas(q as AddressDeltasQuery & { chainInfo?: false }))) as QtumRpcClient['getaddressdeltas'],
    getaddressbalance: (q) => send(() => rpc.getaddressbalance(q)),
    getwalletinfo: () => send(() => rpc.getwalletinfo()),
    walletpassphrase: (passphrase, timeoutSec, stakingOnly) => send(() => rpc.walletpassphrase(passphrase, timeoutSec, stakingOnly)),
    walletlock: () => send(() => rpc.walletlock()),
    listunspent: (args) => send(() => rpc.listunspent(args)),
    lockunspent: (unlock, outputs, persistent) => send(() => rpc.lockunspent(unlock, outputs, persistent)),
    listlockunspent: () => send(() => rpc.listlockunspent()),
    gettransaction: (txid, includeWatchonly) => send(() => rpc.gettransaction(txid, includeWatchonly)),
    sendmany: (recipients, options) => send(() => rpc.sendmany(recipients, options)),
    createrawtransaction: (inputs, outputs, locktime, replaceable) => send(() => rpc.createrawtransaction(inputs, outputs, locktime, replaceable)),
    fundrawtransaction: (hex, options) => send(() => rpc.fundrawtransaction(hex, options)),
    signrawtransactionwithwallet: (hex, prevtxs, sighashtype) => send(() => rpc.signrawtransactionwithwallet(hex, prevtxs, sighashtype)),
    decoderawtransaction: (hex) => send(() => rpc.decoderawtransaction(hex)),
    sendrawtransaction: (hex, maxFeeRateSats) => send(() => rpc.sendrawtransaction(hex, maxFeeRateSats)),
  };
}
