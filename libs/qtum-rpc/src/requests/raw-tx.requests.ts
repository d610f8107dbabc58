import type { RpcRequest } from '../rpc-request';
import type { DecodedTransaction, FundedTransaction, FundRawTransactionOptions, PrevTx, RawTxInput, RawTxOutput, SignedTransaction } from '../types';
import { amountParam, makeRequest, rawOutputsParam } from './make-request';

function fundOptions(o: FundRawTransactionOptions | undefined): Record<string, unknown> | undefined {
  if (!o) return undefined;
  return {
    changeAddress: o.changeAddress,
    changePosition: o.changePosition,
    includeWatching: o.includeWatching,
    lockUnspents: o.lockUnspents,
    feeRate: o.feeRateSats === undefined ? undefined : amountParam('fundrawtransaction', o.feeRateSats, 'feeRate'),
    fee_rate: o.fee_rate,
    subtractFeeFromOutputs: o.subtractFeeFromOutputs,
    replaceable: o.replaceable,
    conf_target: o.conf_target,
    estimate_mode: o.estimate_mode,
  };
}

/** Request builders for the raw-transaction flow (create, fund, sign, decode, send). */
export const rawTxRequests = {
  createrawtransaction: (inputs: readonly RawTxInput[], outputs: readonly RawTxOutput[], locktime?: number, replaceable?: boolean): RpcRequest<string> =>
    makeRequest('createrawtransaction', [
      inputs.map((i) => ({ txid: i.txid, vout: i.vout, sequence: i.sequence })),
      rawOutputsParam('createrawtransaction', outputs),
      locktime ?? (replaceable === undefined ? undefined : 0),
      replaceable,
    ]),
  /** Not retry-safe (with lockUnspents a second funding locks more coins). Works on a locked wallet. */
  fundrawtransaction: (hex: string, options?: FundRawTransactionOptions): RpcRequest<FundedTransaction> =>
    makeRequest('fundrawtransaction', [hex, fundOptions(options)]),
  signrawtransactionwithwallet: (hex: string, prevtxs?: readonly PrevTx[], sighashtype?: string): RpcRequest<SignedTransaction> =>
    makeRequest('signrawtransactionwithwallet', [
      hex,
      prevtxs?.map((p) => ({
        txid: p.txid,
        vout: p.vout,
        scriptPubKey: p.scriptPubKey,
        redeemScript: p.redeemScript,
        witnessScript: p.witnessScript,
        amount: p.amountSats === undefined ? undefined : amountParam('signrawtransactionwithwallet', p.amountSats, 'amount'),
      })),
      sighashtype,
    ]),
  decoderawtransaction: (hex: string): RpcRequest<DecodedTransaction> => makeRequest('decoderawtransaction', [hex]),
  /** Retry-safe: the same raw tx. `maxFeeRateSats` is per kvB (sent as QTUM/kvB). */
  sendrawtransaction: (hex: string, maxFeeRateSats?: bigint): RpcRequest<string> =>
    makeRequest('sendrawtransaction', [hex, maxFeeRateSats === undefined ? undefined : amountParam('sendrawtransaction', maxFeeRateSats, 'maxfeerate')]),
};
