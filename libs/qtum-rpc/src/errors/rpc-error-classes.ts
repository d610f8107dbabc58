import { RpcError } from './rpc-error';

/* One class per qtumd error code the pool payout manager can meet. The message is always the node's. */

/** -1 RPC_MISC_ERROR (also wrong argument count, where the message is the help text). */
export class RpcMiscError extends RpcError {
  override readonly name: string = 'RpcMiscError';
}
/** -3 RPC_TYPE_ERROR: wrong JSON type, invalid amount, invalid address in staking RPCs. */
export class RpcTypeError extends RpcError {
  override readonly name: string = 'RpcTypeError';
}
/** -5 RPC_INVALID_ADDRESS_OR_KEY: unknown block/tx, invalid address. */
export class RpcInvalidAddressOrKeyError extends RpcError {
  override readonly name: string = 'RpcInvalidAddressOrKeyError';
}
/**
 * -5 while `-txindex` is still being built: "No such mempool transaction. Blockchain transactions are still in the
 * process of being indexed" (qtumd 27.1 rpc/rawtransaction.cpp). The tx may well be mined: "unknown yet", never
 * evidence that it does not exist.
 */
export class RpcTxIndexNotReadyError extends RpcInvalidAddressOrKeyError {
  override readonly name: string = 'RpcTxIndexNotReadyError';
}
/** -6 RPC_WALLET_INSUFFICIENT_FUNDS: every sendmany build failure (funds, dust, too large, max fee). */
export class RpcWalletInsufficientFundsError extends RpcError {
  override readonly name: string = 'RpcWalletInsufficientFundsError';
}
/** -8 RPC_INVALID_PARAMETER. */
export class RpcInvalidParameterError extends RpcError {
  override readonly name: string = 'RpcInvalidParameterError';
}
/**
 * -13 RPC_WALLET_UNLOCK_NEEDED. `stakingOnly` is true when the wallet is unlocked for staking only
 * (`Error: Wallet is unlocked for staking only.`), false when it is fully locked.
 */
export class RpcWalletUnlockNeededError extends RpcError {
  override readonly name: string = 'RpcWalletUnlockNeededError';
  readonly stakingOnly: boolean;
  constructor(code: number, message: string, method: string) {
    super(code, message, method);
    this.stakingOnly = /staking only/i.test(message);
  }
}
/** -14 RPC_WALLET_PASSPHRASE_INCORRECT. */
export class RpcWalletPassphraseIncorrectError extends RpcError {
  override readonly name: string = 'RpcWalletPassphraseIncorrectError';
}
/** -15 RPC_WALLET_WRONG_ENC_STATE (e.g. walletpassphrase on an unencrypted wallet). */
export class RpcWalletWrongEncStateError extends RpcError {
  override readonly name: string = 'RpcWalletWrongEncStateError';
}
/** -18 RPC_WALLET_NOT_FOUND: the /wallet/<name> is not loaded. */
export class RpcWalletNotFoundError extends RpcError {
  override readonly name: string = 'RpcWalletNotFoundError';
}
/** -19 RPC_WALLET_NOT_SPECIFIED: a wallet RPC sent to / while several wallets are loaded. */
export class RpcWalletNotSpecifiedError extends RpcError {
  override readonly name: string = 'RpcWalletNotSpecifiedError';
}
/** -25 RPC_VERIFY_ERROR: e.g. `bad-txns-inputs-missingorspent`, fee rate above maxfeerate. */
export class RpcVerifyError extends RpcError {
  override readonly name: string = 'RpcVerifyError';
}
/** -26 RPC_VERIFY_REJECTED: mempool policy rejection (conflict, min relay fee, premature spend, ...). */
export class RpcVerifyRejectedError extends RpcError {
  override readonly name: string = 'RpcVerifyRejectedError';
}
/** -27 RPC_VERIFY_ALREADY_IN_CHAIN: the transaction is already mined (a re-broadcast after success). */
export class RpcVerifyAlreadyInChainError extends RpcError {
  override readonly name: string = 'RpcVerifyAlreadyInChainError';
}
/** -32601 RPC_METHOD_NOT_FOUND (HTTP 404). */
export class RpcMethodNotFoundError extends RpcError {
  override readonly name: string = 'RpcMethodNotFoundError';
}
/** -32603 RPC_INTERNAL_ERROR (e.g. `Events indexing disabled`). */
export class RpcInternalError extends RpcError {
  override readonly name: string = 'RpcInternalError';
}
/** -32700 RPC_PARSE_ERROR: the node could not parse our request body. */
export class RpcParseError extends RpcError {
  override readonly name: string = 'RpcParseError';
}
