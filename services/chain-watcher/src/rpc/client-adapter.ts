import { RpcInvalidParameterError, rpc, type BatchEntry, type QtumRpcClient } from '@ppm/qtum-rpc';
import type { NodeChainState, NodeFacts, WatcherRpc } from './watcher-rpc';

function hashOrNull(e: BatchEntry<string>): string | null {
  if (e.ok) return e.value;
  // -8 "Block height out of range": the node's active chain does not reach that height (a node behind: reindex,
  // catch-up, a lagging node). Never a reorg by itself: the follower waits.
  if (e.error instanceof RpcInvalidParameterError) return null;
  throw e.error;
}

/** Adapts the qtumd client to the watcher's calls: every multi-item call is one JSON-RPC batch. */
export function createWatcherRpc(client: QtumRpcClient): WatcherRpc {
  return {
    getBlockCount: () => client.getblockcount(),
    async getChainState(): Promise<NodeChainState> {
      const i = await client.getblockchaininfo();
      return { blocks: i.blocks, initialBlockDownload: i.initialblockdownload, chain: i.chain };
    },
    getBlockHashes: async (heights) => (await client.batch(heights.map((h) => rpc.getblockhash(h)))).map(hashOrNull),
    async getNodeFacts(): Promise<NodeFacts> {
      // Chain facts first: if the node is down this throws (unreachable) before the wallet is asked.
      const [chain, net] = await client.batch([rpc.getblockchaininfo(), rpc.getnetworkinfo()] as const);
      if (!chain.ok) throw chain.error;
      // Wallet RPCs go to the wallet path; a node without the wallet gives per-entry errors: unknown, not down.
      const [staking, wallet] = await client.batch([rpc.getstakinginfo(), rpc.getwalletinfo()] as const);
      return {
        tipHeight: chain.value.blocks,
        tipTimeSec: chain.value.time,
        connections: net.ok ? net.value.connections : null,
        staking: staking.ok ? staking.value.staking : null,
        stakingErrors: staking.ok ? staking.value.errors : '',
        unlockedUntil: wallet.ok ? wallet.value.unlocked_until : null,
      };
    },
  };
}
