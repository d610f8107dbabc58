import { AddressError, MerkleError, buildPayoutTree } from '@ppm/chain';
import type { BatchRequest } from './batch-request';
import { SignerRefusal } from './refusal';

/**
 * The plan's payout Merkle root (docs/provable-payouts.md), computed by the signer itself from every batch of the
 * plan the request carries, never taken from the caller: every transaction of the plan commits it in its one
 * OP_RETURN output. A recipient of another network is refused like any recipient ('denied'); a plan paying an
 * address twice is malformed ('invalid').
 */
export function planPayoutRoot(req: BatchRequest): string {
  try {
    return buildPayoutTree(req.planBatches.flat(), req.network).root;
  } catch (err) {
    if (err instanceof AddressError) throw new SignerRefusal('denied', `recipient refused: ${err.message}`);
    if (err instanceof MerkleError) throw new SignerRefusal('invalid', `the plan has no payout tree: ${err.message}`);
    throw err;
  }
}
