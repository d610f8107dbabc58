import { contentHash, planOutputJson, type PlanOutput } from '@ppm/chain';

/**
 * sha256 of the canonical JSON of a batch's outputs, in plan order. A retried batch must carry exactly the
 * outputs it was signed with; comparing digests tells a retry from a reuse of the id with other contents.
 */
export function outputsDigest(outputs: readonly PlanOutput[]): string {
  return contentHash(outputs.map(planOutputJson));
}
