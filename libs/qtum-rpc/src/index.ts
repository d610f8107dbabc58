/**
 * @ppm/qtum-rpc: typed, lossless qtumd 27.1 JSON-RPC client (batches, retries, typed errors).
 * See README.md for the retry policy and the method list.
 */
export * from './types';
export * from './errors';
export type { QtumRpcClient, QtumRpcClientOptions, RetryOptions, RpcCallEvent } from './client-api';
export type { RpcRequest, RpcResultOf, BatchEntry, BatchEntryError, BatchResults } from './rpc-request';
export { createQtumRpcClient } from './create-client';
export { latchConfigFaults, type FaultLatchedClient } from './fault-latch';
export { rpc, type RpcBuilders } from './rpc';
export { parseReply, decodeResult } from './reply';
export { readBatchReply } from './batch-reply';
export { METHODS, methodSpec, type MethodSpec } from './catalog';
export { RPC_ROLES, allPpmMethods, rpcWhitelistLine, type RpcRole, type RpcUser } from './rpc-roles';
export { DEFAULT_RETRY, backoffDelayMs, isRetryableRpcFailure, type RetryPolicy } from './retry';
export { lookupTx, whoSpentInputs, rpcErrorCode, RPC_INVALID_ADDRESS_OR_KEY, type TxSighting, type InputsVerdict, type TxFateRpc, type FateRawTx, type TxInRef } from './tx-fate';
