import { rpcErrorCode } from '@ppm/qtum-rpc';

/**
 * How a `sendrawtransaction` result is read (qtum-rpc.md; fixtures Findings 22-23):
 * - the txid back (first send, or a re-send of a tx already in the mempool) -> sent;
 * - -27 "Transaction already in block chain" -> sent (it is mined);
 * - -25 "bad-txns-inputs-missingorspent" -> the inputs are spent by another transaction or do not exist: this
 *   transaction can never be mined on this chain (candidate for `dropped`, see the tracker);
 * - -26 (txn-mempool-conflict, insufficient fee for a replacement, min relay fee...) -> rejected *for now*: a
 *   conflicting tx may still be evicted, so this is not proof that ours is dead; keep the state and retry;
 * - anything else (transport, warm-up) -> retry.
 */
export type BroadcastOutcome =
  | { kind: 'sent' }
  | { kind: 'inputs-missing'; message: string }
  | { kind: 'rejected'; code: number; message: string }
  | { kind: 'retry'; message: string };

/** JSON-RPC error codes of sendrawtransaction (src/rpc/protocol.h). */
export const RPC_VERIFY_ERROR = -25;
export const RPC_VERIFY_REJECTED = -26;
export const RPC_VERIFY_ALREADY_IN_CHAIN = -27;

/** Classifies a successful call (`txid` returned) against the txid we expect. */
export function classifySent(returnedTxid: string, expectedTxid: string): BroadcastOutcome {
  if (returnedTxid.toLowerCase() === expectedTxid.toLowerCase()) return { kind: 'sent' };
  // The node hashed our bytes to another id: the stored raw tx and txid disagree. Never treat that as sent.
  return { kind: 'rejected', code: 0, message: `node returned txid ${returnedTxid}, expected ${expectedTxid}` };
}

/** Classifies a failed call. */
export function classifyBroadcastError(err: unknown): BroadcastOutcome {
  const code = rpcErrorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (code === RPC_VERIFY_ALREADY_IN_CHAIN) return { kind: 'sent' };
  // -25 is qtumd's catch-all transaction error; only its missing/spent-inputs variants prove anything.
  if (code === RPC_VERIFY_ERROR && /missing|spent/i.test(message)) return { kind: 'inputs-missing', message };
  if (code === RPC_VERIFY_REJECTED) return { kind: 'rejected', code, message };
  return { kind: 'retry', message };
}
