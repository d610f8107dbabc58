export { rpcErrorCode, type FateRawTx, type TxFateRpc, type TxInRef } from './tx-fate-rpc';
export { lookupTx, RPC_INVALID_ADDRESS_OR_KEY, type TxSighting } from './tx-lookup';
export { whoSpentInputs, type InputsVerdict } from './input-spenders';
