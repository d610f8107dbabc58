import type { NetworkName } from '@ppm/chain';
import type { Db, LedgerChain } from '@ppm/ledger';
import type { WatcherRpc } from '../rpc/watcher-rpc';
import { readLedgerChain, recordLedgerChain } from '../store/follow-state.repo';

/** The node is on another chain or network than the ledger (or the configuration): never a reorg. */
export class ChainIdentityError extends Error {
  override readonly name = 'ChainIdentityError';
}

/** qtumd's getblockchaininfo.chain for each PPM_NETWORK. */
export const QTUMD_CHAIN_NAMES: Readonly<Record<NetworkName, string>> = { mainnet: 'main', testnet: 'test', regtest: 'regtest' };

/**
 * Checks that the node is on the chain the ledger was built on: the same genesis hash and qtumd chain name as
 * recorded at the ledger's first start (recorded now on an empty record), and the chain PPM_NETWORK names.
 * Throws ChainIdentityError, naming both sides, otherwise. Returns null when the node cannot tell yet
 * (no block 0 in its active chain).
 */
export async function verifyChainIdentity(db: Db, rpc: WatcherRpc, rpcUrl: string, network?: NetworkName): Promise<LedgerChain | null> {
  const state = await rpc.getChainState();
  const [genesisHash] = await rpc.getBlockHashes([0]);
  if (!genesisHash) return null;
  const where = `qtumd at ${redact(rpcUrl)} is on chain "${state.chain}" (genesis ${genesisHash})`;
  if (network !== undefined && state.chain !== QTUMD_CHAIN_NAMES[network]) {
    throw new ChainIdentityError(`${where} but PPM_NETWORK is ${network} (chain "${QTUMD_CHAIN_NAMES[network]}"): refusing to follow it`);
  }
  const recorded = await readLedgerChain(db);
  if (!recorded) return recordLedgerChain(db, { genesisHash, chain: state.chain });
  if (recorded.genesisHash !== genesisHash || recorded.chain !== state.chain) {
    throw new ChainIdentityError(`${where}, but this ledger was built on chain "${recorded.chain}" (genesis ${recorded.genesisHash}, ` +
      `recorded ${recorded.recordedAt}): refusing to follow another chain. Point QTUM_RPC_URL at a node of the ledger's chain.`);
  }
  return recorded;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}
