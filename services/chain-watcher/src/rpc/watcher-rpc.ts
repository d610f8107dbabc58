/** Node facts the health checks read; null where the node could not tell (e.g. no wallet loaded). */
export interface NodeFacts {
  readonly tipHeight: number;
  /** Header time of the tip, epoch seconds. */
  readonly tipTimeSec: number;
  readonly connections: number | null;
  /** getstakinginfo.staking. */
  readonly staking: boolean | null;
  readonly stakingErrors: string;
  /** getwalletinfo.unlocked_until: undefined for an unencrypted wallet, 0 when locked, null when unknown. */
  readonly unlockedUntil: number | undefined | null;
}

/** Where the node's active chain is (getblockchaininfo). */
export interface NodeChainState {
  /** Height of the node's active chain (`blocks`). */
  readonly blocks: number;
  /** True during a reindex or a catch-up (qtumd keeps verificationprogress at 1 and headers == blocks then). */
  readonly initialBlockDownload: boolean;
  /** main, test or regtest. */
  readonly chain: string;
}

/** What the chain-watcher asks of qtumd; each method is one HTTP request. */
export interface WatcherRpc {
  getBlockCount(): Promise<number>;
  /** One getblockchaininfo. */
  getChainState(): Promise<NodeChainState>;
  /** One batch of getblockhash; null where the height is above the tip. */
  getBlockHashes(heights: readonly number[]): Promise<(string | null)[]>;
  /** One batch of getblockchaininfo, getnetworkinfo, getstakinginfo, getwalletinfo. */
  getNodeFacts(): Promise<NodeFacts>;
}
