import { RpcError, RpcInWarmupError } from './rpc-error';
import {
  RpcInternalError,
  RpcInvalidAddressOrKeyError,
  RpcInvalidParameterError,
  RpcMethodNotFoundError,
  RpcMiscError,
  RpcParseError,
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
} from './rpc-error-classes';

type RpcErrorClass = new (code: number, message: string, method: string) => RpcError;

/** qtumd error codes (src/rpc/protocol.h) mapped to their classes. */
const BY_CODE: ReadonlyMap<number, RpcErrorClass> = new Map<number, RpcErrorClass>([
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
  [-32601, RpcMethodNotFoundError],
  [-32603, RpcInternalError],
  [-32700, RpcParseError],
]);

/** The code of -28 RPC_IN_WARMUP. */
export const RPC_IN_WARMUP = -28;

/**
 * The typed error for a node error reply. Unknown codes give a plain {@link RpcError} (permanent);
 * -28 gives {@link RpcInWarmupError} (retryable).
 */
export function rpcErrorFromCode(code: number, message: string, method: string): RpcError | RpcInWarmupError {
  if (code === RPC_IN_WARMUP) return new RpcInWarmupError(code, message, method);
  if (code === -5 && /still in the process of being indexed|Use -txindex/i.test(message)) return new RpcTxIndexNotReadyError(code, message, method);
  const Class = BY_CODE.get(code) ?? RpcError;
  return new Class(code, message, method);
}
