import type { BlockFacts } from '@ppm/chain';
import type { BlockV3 } from '@ppm/qtum-rpc';

/** A block reply that lacks what classification needs (e.g. verbosity 3 without prevouts). */
export class BlockShapeError extends Error {
  override readonly name = 'BlockShapeError';
}

/**
 * The facts rule 2/3 need, from `getblock <hash> 3`: the PoD flag and the coinstake (tx[1] of a PoS block) with
 * its input values from `vin[].prevout` and its outputs.
 */
export function blockFactsFromBlock(block: BlockV3): BlockFacts {
  const base = { hash: block.hash, height: block.height, hasProofOfDelegation: Boolean(block.proofOfDelegation) };
  const cs = block.flags === 'proof-of-stake' ? block.tx[1] : undefined;
  if (!cs) return base;
  const inputValuesSats = cs.vin.map((v, i) => {
    if (!v.prevout) throw new BlockShapeError(`block ${block.height} ${block.hash}: coinstake input ${i} has no prevout (need verbosity 3)`);
    return v.prevout.valueSats;
  });
  return { ...base, coinstake: { inputValuesSats, outputs: cs.vout.map((o) => ({ valueSats: o.valueSats, scriptHex: o.scriptPubKey.hex })) } };
}
