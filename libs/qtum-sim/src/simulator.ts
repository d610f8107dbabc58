import { adminMethods } from './admin.rpc';
import { buildScenario } from './build-scenario';
import { FaultInjector, type SimFaults } from './faults';
import { RpcHttpServer } from './http-server';
import { createMethodTable } from './rpc-table';
import { loadScenario, validateScenario, type Scenario } from './scenario';
import type { SimChain } from './sim-chain';
import { WalletCore, type WalletCall, type WalletState } from './wallet-core';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** A scenario object or the path of a scenario JSON file (default: a small built-in chain). */
  scenario?: Scenario | string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  rpcUser?: string;
  rpcPassword?: string;
  /**
   * More RPC users (qtum.conf `rpcauth`), each with its `rpcwhitelist` methods (undefined: no line). With
   * `rpcWhitelistDefault` (qtumd's default once any whitelist is set) a user without a line may call nothing.
   */
  rpcUsers?: readonly { user: string; password: string; whitelist?: readonly string[] }[];
  rpcWhitelistDefault?: boolean;
}

/** Wallet controller for tests. */
export interface SimWallet {
  /** Encrypts the staker wallet (left locked). */
  encrypt(passphrase: string): void;
  state(): WalletState;
  /** Epoch seconds of relock, 0 when locked, undefined when unencrypted. */
  unlockedUntil(): number | undefined;
  /** Throws unless the wallet is unlocked for staking only right now. */
  assertStakingOnly(): void;
  /** Wallet RPC calls received, passphrases removed. */
  calls(): readonly WalletCall[];
  /** Creates UTXOs for the staker S (mined in the next block); returns the txid. */
  fundStaker(amountsSats: readonly bigint[]): string;
  /** The staker's address. */
  readonly address: string;
}

/** A running simulator. */
export interface SimHandle {
  /** `http://user:password@host:port/` */
  readonly url: string;
  readonly port: number;
  readonly chain: SimChain;
  readonly faults: SimFaults;
  readonly wallet: SimWallet;
  /** Stops listening (node down) but keeps all state. */
  stop(): Promise<void>;
  /** Listens again on the same port; the encrypted wallet comes back locked, as after a real restart. */
  restart(): Promise<void>;
  /** Stops auto-mining and listening. */
  close(): Promise<void>;
}

function walletController(core: WalletCore, chain: SimChain): SimWallet {
  return {
    encrypt: (p) => core.encrypt(p),
    state: () => core.state(),
    unlockedUntil: () => core.unlockedUntil(),
    assertStakingOnly: () => {
      const s = core.state();
      if (s !== 'staking-only') throw new Error(`wallet must be unlocked for staking only, but it is ${s}`);
    },
    calls: () => [...core.callLog],
    fundStaker: (amounts) => chain.fund(chain.staker.address, amounts),
    address: chain.staker.address,
  };
}

/** Builds the scenario's chain and serves qtumd's JSON-RPC over HTTP. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<SimHandle> {
  const scenario = typeof opts.scenario === 'string' ? loadScenario(opts.scenario) : validateScenario(opts.scenario ?? {});
  const chain = buildScenario(scenario);
  const wallet = new WalletCore(chain);
  chain.stakingAllowed = () => wallet.canStake();
  chain.isLockedCoin = (k) => wallet.lockedCoins.has(k);
  if (scenario.wallet?.passphrase !== undefined) {
    wallet.encrypt(scenario.wallet.passphrase);
    if (scenario.wallet.stakingOnly) wallet.unlock(scenario.wallet.passphrase, 99_999_999, true);
  }
  const faults = new FaultInjector();
  const host = opts.host ?? '127.0.0.1';
  const user = opts.rpcUser ?? 'ppm';
  const password = opts.rpcPassword ?? 'ppm';
  const users = [{ user, password }, ...(opts.rpcUsers ?? [])];
  const whitelistDefault = opts.rpcWhitelistDefault ?? (opts.rpcUsers ?? []).some((u) => u.whitelist !== undefined);
  const server = new RpcHttpServer({ host, port: opts.port ?? 0, users, whitelistDefault }, { chain, wallet, startedAt: Date.now() }, createMethodTable(), faults, adminMethods);
  await server.listen();
  if (scenario.autoMine) chain.startAutoMine(scenario.autoMine.intervalMs, scenario.autoMine.pattern);
  const url = `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${server.port}/`;
  return {
    url,
    port: server.port,
    chain,
    faults,
    wallet: walletController(wallet, chain),
    stop: () => server.close(),
    restart: async () => {
      await server.close();
      wallet.lock();
      await server.listen();
    },
    close: async () => {
      chain.stopAutoMine();
      await server.close();
    },
  };
}
