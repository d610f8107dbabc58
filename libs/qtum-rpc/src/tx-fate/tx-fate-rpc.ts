/**
 * The read-only calls that tell what became of a transaction (mined, waiting, or beaten by a conflicting spend),
 * shared by the payout service (settling its batches) and the signer (which signatures can still be paid out).
 * Structural, so the {@link QtumRpcClient} fits as is.
 */
export interface TxFateRpc {
  /**
   * Verbose; needs -txindex for mined txs. Rejects with code -5 when the node knows no such tx, or (message
   * "...still in the process of being indexed") when its txindex is not built yet.
   */
  getrawtransaction(txid: string): Promise<FateRawTx>;
  /** A raw tx's inputs (never parsed by hand). */
  decoderawtransaction(hex: string): Promise<{ txid: string; vin: readonly TxInRef[] }>;
  /** The input spending an outpoint (-addrindex spent index; height -1 in the mempool). Rejects -5 when unspent. */
  getspentinfo(txid: string, index: number): Promise<{ txid: string; index: number; height: number }>;
  /** Whether -txindex is built (`{ txindex: { synced, best_block_height } }`). */
  getindexinfo(name?: string): Promise<Record<string, { synced: boolean; best_block_height: number }>>;
}

/** An input as decoderawtransaction/getrawtransaction show it (coinbase inputs have no txid). */
export interface TxInRef {
  readonly txid?: string | undefined;
  readonly vout?: number | undefined;
}

/** The part of getrawtransaction's verbose answer the fate of a tx is read from. */
export interface FateRawTx {
  readonly txid: string;
  readonly vin: readonly TxInRef[];
  readonly confirmations?: number | undefined;
  readonly blockhash?: string | undefined;
}

/** The node's error code of `err` or of any error in its cause chain (RpcError.code, or `rpcCode`). */
export function rpcErrorCode(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    const rpcCode = (e as { rpcCode?: unknown }).rpcCode;
    if (typeof rpcCode === 'number') return rpcCode;
  }
  return undefined;
}
