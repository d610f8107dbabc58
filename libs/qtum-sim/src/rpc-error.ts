/** A JSON-RPC error with qtumd's code and message. */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** qtumd's error codes used by the simulator (`src/rpc/protocol.h`). */
export const RPC = {
  MISC: -1,
  TYPE: -3,
  WALLET: -4,
  INVALID_ADDRESS_OR_KEY: -5,
  INSUFFICIENT_FUNDS: -6,
  INVALID_PARAMETER: -8,
  UNLOCK_NEEDED: -13,
  PASSPHRASE_INCORRECT: -14,
  WRONG_ENC_STATE: -15,
  WALLET_NOT_FOUND: -18,
  DESERIALIZATION: -22,
  VERIFY_ERROR: -25,
  VERIFY_REJECTED: -26,
  VERIFY_ALREADY_IN_CHAIN: -27,
  IN_WARMUP: -28,
  METHOD_NOT_FOUND: -32601,
  INVALID_REQUEST: -32600,
  PARSE_ERROR: -32700,
  INTERNAL: -32603,
} as const;
