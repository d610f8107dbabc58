import type { TxFateRpc } from '@ppm/qtum-rpc';

/**
 * The node calls the payout service makes (read-only user plus sendrawtransaction). Structural, so the
 * `@ppm/qtum-rpc` client fits as is and tests need nothing else. The same list is the payout role's
 * `rpcwhitelist` in deploy/qtum/qtum.conf. The tx-fate reads (getrawtransaction, decoderawtransaction,
 * getspentinfo, getindexinfo) are {@link TxFateRpc}'s.
 */
export interface PayoutRpc extends TxFateRpc {
  getblockcount(): Promise<number>;
  /** Returns the txid. Safe to repeat with the same bytes. */
  sendrawtransaction(hex: string): Promise<string>;
  /** True when `signature` is `address`'s signature of `message` (redirects of the rules file). */
  verifymessage(address: string, signature: string, message: string): Promise<boolean>;
}
