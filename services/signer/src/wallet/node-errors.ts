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
