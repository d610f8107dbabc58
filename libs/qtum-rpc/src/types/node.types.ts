/** Node status: getblockchaininfo, getnetworkinfo, getrawmempool. Naming rule: see ../types.ts. */
/** getspentinfo (-addrindex): the input that spends an outpoint. `height` is -1 while the spender is in the mempool. */
export interface SpentInfo {
  txid: string;
  /** The spending input's index in `txid`. */
  index: number;
  height: number;
}

/** getindexinfo: one entry per running index (`txindex`, `coinstatsindex`, `basic block filter index`). */
export type IndexInfo = Record<string, { synced: boolean; best_block_height: number }>;

/** getblockchaininfo. */
export interface BlockchainInfo {
  chain: string;
  blocks: number;
  headers: number;
  bestblockhash: string;
  difficulty: number;
  /** Whole QTUM (qtumd writes an integer count of coins, not satoshis). */
  moneysupply: bigint;
  time: number;
  mediantime: number;
  verificationprogress: number;
  initialblockdownload: boolean;
  chainwork: string;
  size_on_disk: number;
  pruned: boolean;
  warnings: string;
}

/** One entry of getnetworkinfo.networks. */
export interface NetworkEntry {
  name: string;
  limited: boolean;
  reachable: boolean;
  proxy: string;
  proxy_randomize_credentials: boolean;
}

/** getnetworkinfo. */
export interface NetworkInfo {
  version: number;
  subversion: string;
  protocolversion: number;
  localservices: string;
  localservicesnames: string[];
  localrelay: boolean;
  timeoffset: number;
  networkactive: boolean;
  connections: number;
  connections_in: number;
  connections_out: number;
  networks: NetworkEntry[];
  /** Per kvB. */
  relayfeeSats: bigint;
  incrementalfeeSats: bigint;
  localaddresses: { address: string; port: number; score: number }[];
  warnings: string;
}

/** getrawmempool verbose entry. */
export interface MempoolEntry {
  vsize: number;
  weight: number;
  time: number;
  height: number;
  descendantcount: number;
  descendantsize: number;
  ancestorcount: number;
  ancestorsize: number;
  wtxid: string;
  fees: { baseSats: bigint; modifiedSats: bigint; ancestorSats: bigint; descendantSats: bigint };
  depends: string[];
  spentby: string[];
  'bip125-replaceable': boolean;
  unbroadcast: boolean;
}

/** getrawmempool verbose: txid -> entry. */
export type MempoolEntries = Record<string, MempoolEntry>;
