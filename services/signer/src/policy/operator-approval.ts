import { verifyApproval, type NetworkName, type OperatorApproval } from '@ppm/chain';
import { SignerRefusal } from '../signing/refusal';

/** What the signer requires of approvals (from PPM_PAYOUT_APPROVAL, PPM_OPERATOR_PUBKEYS, PPM_PAYOUT_APPROVAL_TTL). */
export interface ApprovalPolicy {
  readonly mode: 'auto' | 'manual';
  /** Operator public keys (hex); an approval must be signed by one of them. */
  readonly pubkeys: ReadonlySet<string>;
  /** The longest an approval may live (approved -> expires). */
  readonly ttlMs: number;
}

/** Clock skew tolerated between the operator's machine and the signer's. */
export const APPROVAL_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Manual mode: a new batch is signed only with an operator approval of its plan, signed by a key of
 * PPM_OPERATOR_PUBKEYS, for this network, not expired and living at most PPM_PAYOUT_APPROVAL_TTL. So neither the
 * database (which can mark a plan approved) nor the payout service (which holds the client certificate) can
 * release money alone. Manual mode without keys refuses every new batch: the signer cannot tell an operator's
 * approval from anyone's. Auto mode requires approvals only when keys are configured. PERMISSION_DENIED.
 */
export function checkOperatorApproval(
  approval: OperatorApproval | undefined,
  planHash: string,
  network: NetworkName,
  policy: ApprovalPolicy,
  nowMs: number,
): void {
  if (policy.pubkeys.size === 0) {
    if (policy.mode === 'auto') return;
    throw new SignerRefusal('denied',
      'PPM_PAYOUT_APPROVAL is manual but the signer has no PPM_OPERATOR_PUBKEYS: it cannot verify an operator approval, so it signs nothing (create a key with `ppm keys new`)');
  }
  if (!approval) {
    throw new SignerRefusal('denied', `plan ${planHash} carries no operator approval; the operator approves it with \`ppm payout approve ${planHash}\` (PPM_OPERATOR_KEY_FILE)`);
  }
  if (!policy.pubkeys.has(approval.publicKeyHex)) {
    throw new SignerRefusal('denied', `the approval of plan ${planHash} is signed by key ${approval.publicKeyHex}, which is not in PPM_OPERATOR_PUBKEYS`);
  }
  if (!verifyApproval(approval, network, planHash)) {
    throw new SignerRefusal('denied', `the operator approval of plan ${planHash} does not verify (wrong plan, network, times or signature)`);
  }
  if (approval.expiresAtMs - approval.approvedAtMs > policy.ttlMs || approval.approvedAtMs > nowMs + APPROVAL_CLOCK_SKEW_MS) {
    throw new SignerRefusal('denied', `the operator approval of plan ${planHash} lives longer than PPM_PAYOUT_APPROVAL_TTL or is dated in the future`);
  }
  if (nowMs > approval.expiresAtMs) {
    throw new SignerRefusal('denied', `the operator approval of plan ${planHash} expired at ${new Date(approval.expiresAtMs).toISOString()}; the next plan needs a new approval`);
  }
}
