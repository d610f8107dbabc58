/** Block headers and getblock at verbosity 1, 2 and 3. Naming rule: see ../types.ts. */
import type { BlockTransaction } from './tx.types';

/** 'proof-of-stake' or 'proof-of-work'. */
export type BlockFlags = 'proof-of-stake' | 'proof-of-work';

/** getblockheader verbose; also the head of every getblock reply. */
export interface BlockHeader {
  hash: string;
  /** -1 when the block is not on the active chain (orphaned). */
  confirmations: number;
  height: number;
  version: number;
  versionHex: string;
  merkleroot: string;
  time: number;
  mediantime: number;
  nonce: number;
  bits: string;
  difficulty: number;
  chainwork: string;
  nTx: number;
  hashStateRoot: string;
  hashUTXORoot: string;
  /** PoS only. With a PoD this is the delegate's UTXO, not coinstake vin[0]. */
  prevoutStakeHash?: string;
  prevoutStakeVoutN?: number;
  previousblockhash?: string;
  /** Absent at the tip. */
  nextblockhash?: string;
  flags: BlockFlags;
  proofhash: string;
  modifier: string;
  /** PoS only. */
  signature?: string;
  /** Only on blocks a super staker created for a delegate. */
  proofOfDelegation?: string;
}

/** Fields every getblock verbosity >= 1 adds to the header. */
export interface BlockSizes {
  strippedsize: number;
  size: number;
  /** Block weight in weight units. */
  weight: number;
}

/** getblock verbosity 1: txids. */
export interface BlockV1 extends BlockHeader, BlockSizes {
  tx: string[];
}

/** getblock verbosity 2: full transactions (`tx[0]` coinbase, `tx[1]` coinstake on PoS blocks). */
export interface BlockV2 extends BlockHeader, BlockSizes {
  tx: BlockTransaction[];
}

/** getblock verbosity 3: like 2, and every non-coinbase `vin` carries `prevout`. */
export interface BlockV3 extends BlockHeader, BlockSizes {
  tx: BlockTransaction[];
}
