import { RetryableError } from '@ppm/runtime';
import { rpcErrorCode, type FateRawTx, type TxFateRpc } from './tx-fate-rpc';

/**
 * What the node says about a transaction, read from its txindex and mempool:
 * - `chain`: in a block of the active chain, `confirmations` >= 1;
 * - `mempool`: waiting in this node's mempool;
 * - `absent`: neither, and the txindex is built (so "not mined on this chain, not in this mempool" is a fact);
 * - `not-indexed`: the node cannot tell yet (-txindex still being built, or not enabled): "unknown yet", never
 *   evidence that the tx is not mined.
 */
export type TxSighting =
  | { where: 'chain'; confirmations: number; blockHash: string | null; tx: FateRawTx }
  | { where: 'mempool'; tx: FateRawTx }
  | { where: 'absent' }
  | { where: 'not-indexed'; reason: string };

/** -5 RPC_INVALID_ADDRESS_OR_KEY. */
export const RPC_INVALID_ADDRESS_OR_KEY = -5;

/**
 * qtumd 27.1 rpc/rawtransaction.cpp words the -5 of getrawtransaction by the state of -txindex:
 * "No such mempool or blockchain transaction" (index ready), "...still in the process of being indexed"
 * (building), "Use -txindex or provide a block hash" (no index). Only the first one is an answer.
 */
const NOT_INDEXED_MESSAGE = /still in the process of being indexed|Use -txindex/i;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Looks a tx up. A tx in a block that left the active chain (qtumd answers with its block hash and 0
 * confirmations) and not in the mempool counts as `absent`. A plain -5 is double-checked with getindexinfo:
 * only a synced txindex makes it `absent`.
 */
export async function lookupTx(rpc: TxFateRpc, txid: string): Promise<TxSighting> {
  let tx: FateRawTx;
  try {
    tx = await rpc.getrawtransaction(txid);
  } catch (err) {
    if (rpcErrorCode(err) !== RPC_INVALID_ADDRESS_OR_KEY) throw new RetryableError(`getrawtransaction ${txid} failed`, { cause: err });
    const message = messageOf(err);
    if (NOT_INDEXED_MESSAGE.test(message)) return { where: 'not-indexed', reason: message };
    const index = await txIndexState(rpc);
    if (index !== 'synced') return { where: 'not-indexed', reason: `getrawtransaction said -5 (${message}) but the txindex is ${index}` };
    return { where: 'absent' };
  }
  const confirmations = tx.confirmations ?? 0;
  if (confirmations > 0) return { where: 'chain', confirmations, blockHash: tx.blockhash ?? null, tx };
  if (tx.blockhash) return { where: 'absent' };
  return { where: 'mempool', tx };
}

/**
 * `synced`, `building` or `missing` from getindexinfo. A node that refuses the call (old version, whitelist)
 * leaves the -5 message as the only signal, which qtumd words by the index's state: `synced` then.
 */
async function txIndexState(rpc: TxFateRpc): Promise<'synced' | 'building' | 'missing'> {
  let info: Record<string, { synced: boolean }>;
  try {
    info = await rpc.getindexinfo('txindex');
  } catch (err) {
    if (rpcErrorCode(err) === undefined) throw new RetryableError('getindexinfo failed', { cause: err });
    return 'synced';
  }
  const entry = info.txindex;
  if (!entry) return 'missing';
  return entry.synced ? 'synced' : 'building';
}
