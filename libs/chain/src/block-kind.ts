import { decodeAddress, destinationFromScript } from './address';
import type { NetworkName } from './network';

/** DESIGN rule 2: pool (staked by S with a delegate's coins), self (S's own coins), foreign (anything else). */
export type BlockKind = 'pool' | 'self' | 'foreign';

/** One coinstake output: value and script, as read from the node. */
export interface CoinstakeOutput {
  readonly valueSats: bigint;
  readonly scriptHex: string;
}

/** The facts of a block that classification needs; independent of how they were fetched. */
export interface BlockFacts {
  readonly hash: string;
  readonly height: number;
  /** True when the block header carries `proofOfDelegation`. */
  readonly hasProofOfDelegation: boolean;
  /** tx[1] when the block is proof-of-stake; undefined for proof-of-work blocks. */
  readonly coinstake?: {
    /** Values of the coinstake's inputs (from getblock verbosity 3 `prevout.value` or addrindex `valueSat`). */
    readonly inputValuesSats: readonly bigint[];
    readonly outputs: readonly CoinstakeOutput[];
  };
}

/** Result of {@link classifyBlock}. */
export interface BlockClassification {
  readonly kind: BlockKind;
  /** Address of coinstake vout[1] (the block's staker), or null for proof-of-work blocks / non-standard scripts. */
  readonly stakerAddress: string | null;
  /** DESIGN rule 3 reward R for pool and self blocks; 0 for foreign blocks. */
  readonly rewardSats: bigint;
}

/** A block whose facts break an invariant (e.g. a pool block whose reward is negative). */
export class BlockFactsError extends Error {
  override readonly name = 'BlockFactsError';
}

/**
 * Classifies a block (rule 2) and computes its reward (rule 3):
 * R = sum of coinstake outputs paying S (P2PK of S's key or P2PKH of S) - sum of coinstake input values.
 */
export function classifyBlock(block: BlockFacts, stakerAddress: string, network: NetworkName): BlockClassification {
  const cs = block.coinstake;
  const stakerOut = cs?.outputs[1];
  if (!cs || !stakerOut) return { kind: 'foreign', stakerAddress: null, rewardSats: 0n };
  const staker = destinationFromScript(stakerOut.scriptHex, network);
  const s = decodeAddress(stakerAddress, network).hash160Hex;
  if (!staker || staker.hash160Hex !== s) return { kind: 'foreign', stakerAddress: staker?.address ?? null, rewardSats: 0n };
  let paid = 0n;
  for (const o of cs.outputs) {
    const d = destinationFromScript(o.scriptHex, network);
    if (d && d.hash160Hex === s && (d.type === 'pubkey' || d.type === 'pubkeyhash')) paid += o.valueSats;
  }
  let spent = 0n;
  for (const v of cs.inputValuesSats) spent += v;
  const reward = paid - spent;
  if (reward < 0n) {
    throw new BlockFactsError(`block ${block.height} ${block.hash}: coinstake pays S ${paid} sat but spends ${spent} sat; reward cannot be negative`);
  }
  return { kind: block.hasProofOfDelegation ? 'pool' : 'self', stakerAddress: staker.address, rewardSats: reward };
}
