/**
 * The qtumd RPC users of a deployment, which services use each, and the calls each makes: THE list. qtumd's
 * `rpcwhitelist=<user>:<calls>` lines in deploy/qtum/qtum.conf must equal it, and it must equal what the services'
 * code calls; `rpc-roles.test.ts` checks both. A service that starts calling a new RPC adds it here and to the
 * user's line in qtum.conf (the test prints the exact line).
 *
 * qtumd (src/httprpc.cpp): with `rpcwhitelistdefault=1` a user without a whitelist line may call nothing; several
 * lines for one user are intersected; a batch is refused whole (HTTP 403) if one of its calls is not allowed.
 */
export interface RpcRole {
  /** The services (folders under services/) that connect as this user. libs/service-host calls go to every user. */
  readonly services: readonly string[];
  /** Library folders (from the repository root) whose node calls these services make through their own user. */
  readonly libs?: readonly string[];
  /** The RPCs they call, sorted. */
  readonly methods: readonly string[];
}

export const RPC_ROLES = {
  /**
   * Chain and index reads, staking/wallet status; also the operator's read-only CLI (`ppm sync/status/replay`,
   * `ppm verify payout` reads the payout tx, `ppm rules check` checks redirect signatures with verifymessage).
   */
  'ppm-reader': {
    services: ['chain-watcher', 'snapshotter', 'notifier', 'api', 'cli'],
    methods: [
      'getaddressdeltas', 'getaddressutxos', 'getblock', 'getblockchaininfo', 'getblockcount', 'getblockhash',
      'getnetworkinfo', 'getrawtransaction', 'getstakinginfo', 'getwalletinfo', 'searchlogs', 'verifymessage',
    ],
  },
  /**
   * Broadcasts and follows the signed transactions, settling them from the chain (txid lookup, the spender of an
   * input, whether the txindex is built); never holds the passphrase. verifymessage: every redirect of the rules
   * file is checked with the node when the rules are loaded (start and SIGHUP).
   */
  'ppm-payout': {
    services: ['payout'],
    libs: ['libs/qtum-rpc/src/tx-fate'],
    methods: ['decoderawtransaction', 'getblockcount', 'getindexinfo', 'getrawtransaction', 'getspentinfo', 'sendrawtransaction', 'verifymessage'],
  },
  /**
   * The only user that unlocks the wallet and signs, and that counts the pool's earnings itself (block and
   * address-index reads) and which of its signed txs can never be mined (txid lookup, the spender of an input,
   * whether the txindex is built). No walletlock: a locked wallet stops staking.
   */
  'ppm-signer': {
    services: ['signer'],
    libs: ['libs/qtum-rpc/src/tx-fate'],
    methods: [
      'createrawtransaction', 'decoderawtransaction', 'fundrawtransaction', 'getaddressdeltas', 'getblock', 'getblockcount',
      'getblockhash', 'getblockheader', 'getindexinfo', 'getrawtransaction', 'getspentinfo', 'lockunspent', 'searchlogs',
      'signrawtransactionwithwallet', 'walletpassphrase',
    ],
  },
} as const satisfies Record<string, RpcRole>;

export type RpcUser = keyof typeof RPC_ROLES;

/** The qtum.conf line of `user`: `rpcwhitelist=<user>:<m1>,<m2>,...`. */
export function rpcWhitelistLine(user: RpcUser): string {
  return `rpcwhitelist=${user}:${RPC_ROLES[user].methods.join(',')}`;
}

/** Every call any PPM service makes: the whitelist of a single user for `ppm run` (all services in one process). */
export function allPpmMethods(): string[] {
  return [...new Set(Object.values(RPC_ROLES).flatMap((r) => r.methods))].sort();
}
