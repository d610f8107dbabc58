/** The Qtum networks we run on. */
export type NetworkName = 'mainnet' | 'testnet' | 'regtest';

/** Every network name, for validation. */
export const NETWORK_NAMES: readonly NetworkName[] = ['mainnet', 'testnet', 'regtest'];

/** Parameters of one network (qtum `src/kernel/chainparams.cpp`, Qtum Core 27.1). */
export interface NetworkParams {
  readonly name: NetworkName;
  /** Base58 version byte of P2PKH addresses (0x3a 'Q' on mainnet, 0x78 'q' on testnet/regtest). */
  readonly p2pkhVersion: number;
  /** Base58 version byte of P2SH addresses. */
  readonly p2shVersion: number;
  /** Default JSON-RPC port. */
  readonly rpcPort: number;
  /** Height of the reduce-block-time fork (maturity 500 -> 2,000, subsidy / 4, 128 s -> 32 s). */
  readonly reduceBlockTimeHeight: number;
  /** Height from which delegation (offline staking) exists. */
  readonly offlineStakeHeight: number;
}

/** Parameters of every network. */
export const NETWORKS: Readonly<Record<NetworkName, NetworkParams>> = {
  mainnet: { name: 'mainnet', p2pkhVersion: 0x3a, p2shVersion: 0x32, rpcPort: 3889, reduceBlockTimeHeight: 845_000, offlineStakeHeight: 680_000 },
  testnet: { name: 'testnet', p2pkhVersion: 0x78, p2shVersion: 0x6e, rpcPort: 13889, reduceBlockTimeHeight: 806_600, offlineStakeHeight: 625_000 },
  regtest: { name: 'regtest', p2pkhVersion: 0x78, p2shVersion: 0x6e, rpcPort: 13889, reduceBlockTimeHeight: 0, offlineStakeHeight: 1 },
};

/** Maturity before the reduce-block-time fork, in blocks. */
export const MATURITY_BLOCKS_BEFORE_RBT = 500;
/** Maturity from the reduce-block-time fork on (always on regtest), in blocks. */
export const MATURITY_BLOCKS = 2_000;

/** Coin maturity M at `height` (DESIGN rule 5): 500 before the fork, 2,000 from it. */
export function maturityAt(network: NetworkName, height: number): number {
  return height >= NETWORKS[network].reduceBlockTimeHeight ? MATURITY_BLOCKS : MATURITY_BLOCKS_BEFORE_RBT;
}

/** Target block spacing in seconds at `height`. */
export function targetSpacingSeconds(network: NetworkName, height: number): number {
  return height >= NETWORKS[network].reduceBlockTimeHeight ? 32 : 128;
}

const LAST_BIG_REWARD_HEIGHT = 5_000;
const BIG_REWARD_SATS = 20_000n * 100_000_000n;
const BASE_REWARD_SATS = 4n * 100_000_000n;
const HALVING_INTERVAL_BEFORE_RBT = 985_500;
const HALVING_INTERVAL_AFTER_RBT = 3_942_000;
const MAX_HALVINGS = 7;

/**
 * Block subsidy at `height` in satoshis (`GetBlockSubsidy`): 20,000 QTUM up to height 5,000 on every network;
 * then 4 QTUM (1 QTUM from the fork), halving every 985,500 blocks before the fork and every 3,942,000 after.
 * After the fork, pre-fork blocks weigh 4x: halvings = (h - 5001 + 3 * (RBT - 5001)) / 3,942,000. This gives
 * the published schedule (mainnet 0.5 QTUM from 1,427,004; testnet from 1,542,204; regtest from 3,962,004).
 * 0 after 7 halvings.
 */
export function blockSubsidySats(network: NetworkName, height: number): bigint {
  if (height <= LAST_BIG_REWARD_HEIGHT) return BIG_REWARD_SATS;
  const rbt = NETWORKS[network].reduceBlockTimeHeight;
  const sinceBig = height - LAST_BIG_REWARD_HEIGHT - 1;
  const halvings = height < rbt
    ? Math.floor(sinceBig / HALVING_INTERVAL_BEFORE_RBT)
    : Math.trunc((sinceBig + 3 * (rbt - LAST_BIG_REWARD_HEIGHT - 1)) / HALVING_INTERVAL_AFTER_RBT); // C++ int division truncates
  if (halvings >= MAX_HALVINGS) return 0n;
  const base = height < rbt ? BASE_REWARD_SATS : BASE_REWARD_SATS / 4n;
  return base >> BigInt(halvings);
}
