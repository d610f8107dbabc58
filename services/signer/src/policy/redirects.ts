import { paidToOf, verifyMessage, type NetworkName, type PlanOutput } from '@ppm/chain';
import { redirectMessage } from '@ppm/rules';
import { SignerRefusal } from '../signing/refusal';

/**
 * Every output that pays an address other than its delegate (the owner of the balance) must carry the delegate's
 * own signature of exactly that redirect: redirectMessage(staker, delegate, paid-to), checked here with the pure
 * verifyMessage of @ppm/chain on the signer's network, never with the caller's word or the payout service's node.
 * A compromised payout service therefore cannot divert a delegate's balance. PERMISSION_DENIED otherwise.
 */
export function checkRedirectSignatures(batches: readonly (readonly PlanOutput[])[], stakerAddress: string, network: NetworkName): void {
  for (const [i, outputs] of batches.entries()) {
    for (const o of outputs) {
      if (paidToOf(o) === o.address) continue;
      const message = redirectMessage(stakerAddress, o.address, paidToOf(o));
      const outcome = o.redirectSignature ? verifyMessage(o.address, o.redirectSignature, message, network) : 'no signature';
      if (outcome !== 'ok') {
        throw new SignerRefusal('denied',
          `plan batch ${i} pays ${o.address}'s ${o.amountSats} sat to ${paidToOf(o)} without ${o.address}'s signed redirect ` +
          `(verifying its signature of "${message}": ${outcome}); not signing`);
      }
    }
  }
}
