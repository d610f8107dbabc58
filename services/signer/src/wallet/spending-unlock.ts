import { errorMessage, type Logger } from '@ppm/runtime';
import { SignerRefusal } from '../signing/refusal';
import { refusalFromNode } from './node-errors';
import type { WalletPort } from './wallet-port';

/** How long a spending unlock may last at most: long enough to sign one batch, short if we die mid-way. */
export const SPEND_UNLOCK_SECONDS = 30;
/** The staking-only unlock: "forever" (qtumd caps at 100,000,000 s; 0 would relock at once, Finding 18). */
export const STAKING_UNLOCK_SECONDS = 99_999_999;

/**
 * Runs `sign` with the wallet unlocked for spending, and ALWAYS re-issues the staking-only unlock afterwards, on
 * success and on every error path, including a failed spending unlock (a -14 leaves the previous unlock in
 * place, but re-issuing is harmless and covers a node that relocked meanwhile). Never calls walletlock: a locked
 * wallet stops staking (the original's failure).
 *
 * If the staking-only re-issue fails, the wallet may be fully unlocked until the 30 s timer fires and then be
 * locked, with staking stopped. That is logged at error level with `walletStakingOnly: false` for alerting, and
 * the request fails even if signing succeeded: the tx was never handed out, and a retry re-issues the unlock.
 */
export async function withSpendingUnlock<T>(wallet: WalletPort, passphrase: string, log: Logger, sign: () => Promise<T>): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: SignerRefusal };
  try {
    try {
      await wallet.walletPassphrase(passphrase, SPEND_UNLOCK_SECONDS, false);
    } catch (err) {
      throw refusalFromNode(err, 'walletpassphrase (spending unlock)');
    }
    outcome = { ok: true, value: await sign() };
  } catch (err) {
    outcome = { ok: false, error: refusalFromNode(err, 'signing') };
  }
  try {
    await wallet.walletPassphrase(passphrase, STAKING_UNLOCK_SECONDS, true);
  } catch (err) {
    const restore = refusalFromNode(err, 'walletpassphrase (staking-only re-issue)');
    log.error({ walletStakingOnly: false, cause: errorMessage(err), signed: outcome.ok },
      'COULD NOT RETURN THE WALLET TO STAKING-ONLY UNLOCK: it may be fully unlocked for up to 30 s and then locked, which stops staking; check the node and the passphrase file now');
    const first = outcome.ok ? undefined : outcome.error;
    throw new SignerRefusal(first?.kind ?? restore.kind,
      `${first ? `${first.message}; ` : ''}and re-issuing the staking-only unlock failed too (${restore.message}): the wallet may no longer stake`,
      { cause: first ?? restore });
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
