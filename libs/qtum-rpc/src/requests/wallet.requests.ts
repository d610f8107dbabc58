import type { RpcRequest } from '../rpc-request';
import type { ListUnspentArgs, OutPoint, Recipient, SendManyOptions, StakingInfo, UnspentOutput, WalletInfo, WalletTransaction } from '../types';
import { amountParam, makeRequest, recipientsParam } from './make-request';

function listunspentQuery(args: ListUnspentArgs): Record<string, unknown> | undefined {
  const q = args.query;
  if (!q) return undefined;
  const m = 'listunspent';
  return {
    minimumAmount: q.minimumAmountSats === undefined ? undefined : amountParam(m, q.minimumAmountSats, 'minimumAmount'),
    maximumAmount: q.maximumAmountSats === undefined ? undefined : amountParam(m, q.maximumAmountSats, 'maximumAmount'),
    maximumCount: q.maximumCount,
    minimumSumAmount: q.minimumSumAmountSats === undefined ? undefined : amountParam(m, q.minimumSumAmountSats, 'minimumSumAmount'),
    include_immature_coinbase: q.include_immature_coinbase,
  };
}

/** Request builders for wallet RPCs (sent to /wallet/<name> when the client has a wallet). */
export const walletRequests = {
  getstakinginfo: (): RpcRequest<StakingInfo> => makeRequest('getstakinginfo', []),
  getwalletinfo: (): RpcRequest<WalletInfo> => makeRequest('getwalletinfo', []),
  /** Params are secret: never logged. Use a large timeout (0 relocks at once). */
  walletpassphrase: (passphrase: string, timeoutSec: number, stakingOnly?: boolean): RpcRequest<void> =>
    makeRequest('walletpassphrase', [passphrase, timeoutSec, stakingOnly]),
  /** PPM must never call this: a locked wallet stops staking. */
  walletlock: (): RpcRequest<void> => makeRequest('walletlock', []),
  listunspent: (args: ListUnspentArgs = {}): RpcRequest<UnspentOutput[]> =>
    makeRequest('listunspent', [args.minconf, args.maxconf, args.addresses, args.includeUnsafe, listunspentQuery(args)]),
  lockunspent: (unlock: boolean, outputs?: OutPoint[], persistent?: boolean): RpcRequest<boolean> =>
    makeRequest('lockunspent', [unlock, outputs?.map((o) => ({ txid: o.txid, vout: o.vout })), persistent]),
  listlockunspent: (): RpcRequest<OutPoint[]> => makeRequest('listlockunspent', []),
  gettransaction: (txid: string, includeWatchonly?: boolean): RpcRequest<WalletTransaction> =>
    makeRequest('gettransaction', [txid, includeWatchonly]),
  /** NOT retry-safe: the client never re-sends it. Amounts go as 8-decimal strings. */
  sendmany: (recipients: readonly Recipient[], options: SendManyOptions = {}): RpcRequest<string> =>
    makeRequest('sendmany', [
      '',
      recipientsParam('sendmany', recipients),
      options.minconf,
      options.comment,
      options.subtractFeeFrom,
      options.replaceable,
      options.conf_target,
      options.estimate_mode,
      options.fee_rate,
    ]),
};
