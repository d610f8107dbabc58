import { DELEGATION_CONTRACT_HEX } from '@ppm/chain';
import { RpcInvalidParameterError, rpc, type BatchEntry, type QtumRpcClient } from '@ppm/qtum-rpc';
import type { SnapshotterRpc } from './snapshotter-rpc';

function valueOf<T>(e: BatchEntry<T>): T {
  if (!e.ok) throw e.error;
  return e.value;
}

/** getblockhash answers -8 above the tip: that is "no block there", not a failure. */
export function hashOrNull(e: BatchEntry<string>): string | null {
  if (e.ok) return e.value;
  if (e.error instanceof RpcInvalidParameterError) return null;
  throw e.error;
}

/** Adapts the qtumd client to the snapshotter's calls: every multi-item call is one JSON-RPC batch. */
export function createSnapshotterRpc(client: QtumRpcClient): SnapshotterRpc {
  return {
    getBlockCount: () => client.getblockcount(),
    getBlockHashes: async (heights) => (await client.batch(heights.map((h) => rpc.getblockhash(h)))).map(hashOrNull),
    getBlocksV3: async (hashes) => (await client.batch(hashes.map((h) => rpc.getblock(h, 3)))).map(valueOf),
    getAddressUtxos: (addresses) => client.getaddressutxos({ addresses: [...addresses], chainInfo: true }),
    getAddressDeltas: (addresses, start, end) => client.getaddressdeltas({ addresses: [...addresses], start, end, chainInfo: true }),
    getDelegationEvents: async (from, to) => (await client.searchlogs(from, to, { addresses: [DELEGATION_CONTRACT_HEX] })).events,
  };
}
