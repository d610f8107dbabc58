/**
 * What the signer needs from qtumd, in its own terms. One adapter (qtum-wallet-port.ts) maps the @ppm/qtum-rpc
 * client onto it, so the signing flow does not depend on the client's call shapes. Amounts are satoshis.
 */

/** An output of a decoded transaction. */
export interface DecodedOutput {
  readonly valueSats: bigint;
  /** scriptPubKey hex. */
  readonly scriptHex: string;
}

/** A decoded transaction, reduced to what the signer verifies. */
export interface DecodedTx {
  readonly txid: string;
  readonly vsize: number;
  readonly inputs: readonly { readonly txid: string; readonly vout: number }[];
  readonly outputs: readonly DecodedOutput[];
}

/** fundrawtransaction's answer. */
export interface FundedTx {
  readonly hex: string;
  readonly feeSats: bigint;
}

/** Delegation-contract events of one staker, as the node's event log has them. */
export interface StakerDelegationEvent {
  readonly type: 'add' | 'remove';
  readonly stakerHash160: string;
  readonly delegateHash160: string;
  /** Block the event was mined in. */
  readonly blockNumber: number;
}

/** The wallet and chain calls of the signing flow. */
export interface WalletPort {
  /** walletpassphrase: `stakingOnly` true re-arms staking; false allows spending until the timeout. */
  walletPassphrase(passphrase: string, timeoutSec: number, stakingOnly: boolean): Promise<void>;
  /** createrawtransaction with no inputs, not replaceable; `dataHex` becomes its one OP_RETURN output. */
  createRawTransaction(outputs: readonly { address: string; amountSats: bigint }[], dataHex: string): Promise<string>;
  /** fundrawtransaction: change to `changeAddress`, selected inputs locked, explicit fee rate, not replaceable. */
  fundRawTransaction(hex: string, opts: { changeAddress: string; feeRateSatPerVb: number }): Promise<FundedTx>;
  /** signrawtransactionwithwallet. `complete` false means some input could not be signed. */
  signRawTransaction(hex: string): Promise<{ hex: string; complete: boolean; errors: readonly string[] }>;
  decodeRawTransaction(hex: string): Promise<DecodedTx>;
  /** lockunspent true: releases inputs that fundrawtransaction locked for a tx that will never be sent. */
  unlockOutpoints(outpoints: readonly { txid: string; vout: number }[]): Promise<void>;
  /** Every AddDelegation/RemoveDelegation event in the chain's log naming `stakerHash160` as staker. */
  delegationEvents(stakerHash160: string): Promise<readonly StakerDelegationEvent[]>;
}
