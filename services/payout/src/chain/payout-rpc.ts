/**
 * The node calls the payout service makes (read-only user plus sendrawtransaction). Structural, so the
 * `@ppm/qtum-rpc` client fits as is and tests need nothing else. The same list is the payout role's
 * `rpcwhitelist` in deploy/qtum/qtum.conf.
 */
export interface PayoutRpc {
  getblockcount(): Promise<number>;
  /**
   * Verbose; needs -txindex for mined txs. Rejects with code -5 when the node knows no such tx, or (message
   * "...still in the process of being indexed") when its txindex is not built yet.
   */
  getrawtransaction(txid: string): Promise<PayoutRawTx>;
  /** Returns the txid. Safe to repeat with the same bytes. */
  sendrawtransaction(hex: string): Promise<string>;
  /** Our stored raw tx's inputs (never parsed by hand). */
  decoderawtransaction(hex: string): Promise<{ txid: string; vin: readonly TxInRef[] }>;
  /** The input spending an outpoint (-addrindex spent index; height -1 in the mempool). Rejects -5 when unspent. */
  getspentinfo(txid: string, index: number): Promise<{ txid: string; index: number; height: number }>;
  /** Whether -txindex is built (`{ txindex: { synced, best_block_height } }`). */
  getindexinfo(name?: string): Promise<Record<string, { synced: boolean; best_block_height: number }>>;
  /** True when `signature` is `address`'s signature of `message` (redirects of the rules file). */
  verifymessage(address: string, signature: string, message: string): Promise<boolean>;
}

/** An input as decoderawtransaction/getrawtransaction show it (coinbase inputs have no txid). */
export interface TxInRef {
  readonly txid?: string | undefined;
  readonly vout?: number | undefined;
}

/** The part of getrawtransaction's verbose answer settlement reads. */
export interface PayoutRawTx {
  readonly txid: string;
  readonly vin: readonly TxInRef[];
  readonly confirmations?: number | undefined;
  readonly blockhash?: string | undefined;
}
