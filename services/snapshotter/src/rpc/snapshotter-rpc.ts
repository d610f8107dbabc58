import type { DelegationEvent } from '@ppm/chain';
import type { AddressDeltasWithChainInfo, AddressUtxosWithChainInfo, BlockV3 } from '@ppm/qtum-rpc';

/**
 * What the snapshotter asks of qtumd, as batched calls. Kept narrow so the as-of-H computation can be read
 * (and benchmarked) in terms of round trips: each method is one HTTP request.
 */
export interface SnapshotterRpc {
  getBlockCount(): Promise<number>;
  /** One batch of getblockhash; null where the height is above the tip. */
  getBlockHashes(heights: readonly number[]): Promise<(string | null)[]>;
  /** One batch of `getblock <hash> 3`. */
  getBlocksV3(hashes: readonly string[]): Promise<BlockV3[]>;
  /** One multi-address getaddressutxos with chainInfo (the tip the answer is consistent with). */
  getAddressUtxos(addresses: readonly string[]): Promise<AddressUtxosWithChainInfo>;
  /** One multi-address getaddressdeltas over [start, end] with chainInfo. */
  getAddressDeltas(addresses: readonly string[], start: number, end: number): Promise<AddressDeltasWithChainInfo>;
  /** searchlogs over the delegation contract for [from, to], decoded. */
  getDelegationEvents(from: number, to: number): Promise<DelegationEvent[]>;
}
