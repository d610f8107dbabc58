import { errorMessage, isRetryable } from '@ppm/runtime';
import { SignerRefusal } from '../signing/refusal';

/** qtumd's JSON-RPC code of a node-reported error (the @ppm/qtum-rpc errors carry `code` and `method`). */
export function nodeErrorCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; method?: unknown };
  return typeof e.code === 'number' && typeof e.method === 'string' ? e.code : undefined;
}

/** -14 RPC_WALLET_PASSPHRASE_INCORRECT. */
export const WALLET_PASSPHRASE_INCORRECT = -14;

/**
 * fundrawtransaction's refusals to build the batch (qtumd 27.1 wallet/rpc/spend.cpp FundTransaction: -4
 * RPC_WALLET_ERROR "Insufficient funds", "Transaction too large", "Fee exceeds maximum configured by user...";
 * -6 RPC_WALLET_INSUFFICIENT_FUNDS). Asking again cannot help: a permanent refusal (FAILED_PRECONDITION) whose
 * message starts with "funding refused", so the payout service fails the batch with a critical alert instead of
 * retrying it forever. Anything else is classified by {@link refusalFromNode}.
 */
export function fundingRefusal(err: unknown): SignerRefusal {
  const code = nodeErrorCode(err);
  if (code === -4 || code === -6) {
    return new SignerRefusal('precondition', `funding refused: the wallet cannot fund the batch (${code}: ${errorMessage(err)})`, { cause: err });
  }
  return refusalFromNode(err, 'funding the transaction');
}

/**
 * Maps a failure of a node call made while building or signing to a refusal. The node's own message is kept
 * (it never carries our arguments, so never the passphrase); `step` says which call failed.
 */
export function refusalFromNode(err: unknown, step: string): SignerRefusal {
  if (err instanceof SignerRefusal) return err;
  const code = nodeErrorCode(err);
  const msg = errorMessage(err);
  switch (code) {
    case WALLET_PASSPHRASE_INCORRECT:
      return new SignerRefusal('precondition',
        `${step}: the node rejected the signer's wallet passphrase (-14); fix PPM_WALLET_PASSPHRASE_FILE`, { cause: err });
    case -13:
      return new SignerRefusal('precondition', `${step}: the wallet is not unlocked for spending (-13: ${msg})`, { cause: err });
    case -15:
      return new SignerRefusal('precondition', `${step}: the wallet is not encrypted (-15); the signer only runs against an encrypted wallet`, { cause: err });
    case -6:
      return new SignerRefusal('precondition', `${step}: the wallet cannot fund the batch (-6: ${msg})`, { cause: err });
    case -18:
    case -19:
      return new SignerRefusal('precondition', `${step}: wallet not found on the node (${code}: ${msg}); check PPM_QTUM_WALLET`, { cause: err });
    default:
      break;
  }
  if (isRetryable(err)) return new SignerRefusal('unavailable', `${step}: the node is unavailable (${msg}); retry later`, { cause: err });
  return new SignerRefusal('internal', `${step}: node call failed${code === undefined ? '' : ` (${code})`}: ${msg}`, { cause: err });
}
