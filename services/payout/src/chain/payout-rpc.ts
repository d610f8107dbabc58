import { RetryableError } from '@ppm/runtime';
import { rpcErrorCode } from '../domain/broadcast-outcome';

/**
 * The node calls the payout service makes (read-only user plus sendrawtransaction). Structural, so the
 * `@ppm/qtum-rpc` client fits as is and tests need nothing else.
 */
export interface PayoutRpc {
  getblockcount(): Promise<number>;
  /** Verbose; needs -txindex for mined txs. Rejects with code -5 when the node knows no such tx. */
  getrawtransaction(txid: string): Promise<{ txid: string; confirmations?: number | undefined; blockhash?: string | undefined }>;
  /** Returns the txid. Safe to repeat with the same bytes. */
  sendrawtransaction(hex: string): Promise<string>;
}

/** What the node says about one of our transactions. */
export type TxSighting =
  | { where: 'chain'; confirmations: number; blockHash: string | null }
  | { where: 'mempool' }
  | { where: 'unknown' };

/** -5 RPC_INVALID_ADDRESS_OR_KEY: "No such mempool or blockchain transaction". */
const RPC_INVALID_ADDRESS_OR_KEY = -5;

/** Looks a tx up: in a block (with confirmations), in the mempool, or unknown to the node. */
export async function findTx(rpc: PayoutRpc, txid: string): Promise<TxSighting> {
  try {
    const tx = await rpc.getrawtransaction(txid);
    const confirmations = tx.confirmations ?? 0;
    return confirmations > 0 ? { where: 'chain', confirmations, blockHash: tx.blockhash ?? null } : { where: 'mempool' };
  } catch (err) {
    if (rpcErrorCode(err) === RPC_INVALID_ADDRESS_OR_KEY) return { where: 'unknown' };
    throw new RetryableError(`getrawtransaction ${txid} failed`, { cause: err });
  }
}
