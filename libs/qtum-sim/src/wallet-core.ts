import type { Utxo } from './chain-types';
import { outpointKey } from './chain-types';
import { MATURITY } from './block-factory';
import type { SimKey } from './keys';
import { RPC, RpcError } from './rpc-error';
import type { SimChain } from './sim-chain';

/** Lock state of the staker wallet. */
export type WalletState = 'unencrypted' | 'locked' | 'staking-only' | 'unlocked';

/** One wallet RPC call as logged for tests (passphrases are never logged). */
export interface WalletCall {
  readonly method: string;
  readonly params: readonly unknown[];
  /** Epoch ms. */
  readonly at: number;
  /** The RPC error code, when the call failed. */
  readonly error?: number;
}

/** A wallet coin with its depth. */
export interface WalletCoin {
  readonly utxo: Utxo;
  readonly confirmations: number;
  readonly key: SimKey;
}

/** Largest walletpassphrase timeout qtumd accepts, seconds. */
export const MAX_UNLOCK_SECONDS = 100_000_000;

/**
 * The 'staker' wallet holding S (and change keys): encryption and unlock state, locked coins, transaction
 * comments and the call log.
 */
export class WalletCore {
  readonly name = 'staker';
  private passphrase: string | undefined;
  private unlockedUntilMs = 0;
  private stakingOnly = false;
  readonly lockedCoins = new Set<string>();
  readonly txMeta = new Map<string, { comment?: string; time: number }>();
  private readonly changeKeys: SimKey[] = [];
  readonly callLog: WalletCall[] = [];
  readonly birthtime: number;

  constructor(readonly chain: SimChain, private readonly nowMs: () => number = Date.now) {
    this.birthtime = Math.floor(nowMs() / 1000);
  }

  get staker(): SimKey {
    return this.chain.staker;
  }
  isEncrypted(): boolean {
    return this.passphrase !== undefined;
  }
  /** Encrypts the wallet (left locked, as encryptwallet does). */
  encrypt(passphrase: string): void {
    if (this.passphrase !== undefined) throw new RpcError(RPC.WRONG_ENC_STATE, 'Error: running with an encrypted wallet, but encryptwallet was called.');
    if (passphrase === '') throw new RpcError(RPC.INVALID_PARAMETER, 'passphrase cannot be empty');
    this.passphrase = passphrase;
    this.lock();
  }
  state(): WalletState {
    if (this.passphrase === undefined) return 'unencrypted';
    if (this.nowMs() >= this.unlockedUntilMs) return 'locked';
    return this.stakingOnly ? 'staking-only' : 'unlocked';
  }
  /** getwalletinfo.unlocked_until: epoch seconds, 0 when locked; undefined when not encrypted. */
  unlockedUntil(): number | undefined {
    if (this.passphrase === undefined) return undefined;
    return this.state() === 'locked' ? 0 : Math.floor(this.unlockedUntilMs / 1000);
  }
  /** walletpassphrase semantics: -15 unencrypted, -14 wrong (state untouched), timeout 0 relocks at once. */
  unlock(passphrase: string, timeoutS: number, stakingOnly: boolean): void {
    if (this.passphrase === undefined) throw new RpcError(RPC.WRONG_ENC_STATE, 'Error: running with an unencrypted wallet, but walletpassphrase was called.');
    if (timeoutS < 0) throw new RpcError(RPC.INVALID_PARAMETER, 'Timeout cannot be negative.');
    if (passphrase === '') throw new RpcError(RPC.INVALID_PARAMETER, 'passphrase cannot be empty');
    if (passphrase !== this.passphrase) throw new RpcError(RPC.PASSPHRASE_INCORRECT, 'Error: The wallet passphrase entered was incorrect.');
    const t = Math.min(timeoutS, MAX_UNLOCK_SECONDS);
    this.unlockedUntilMs = t === 0 ? 0 : this.nowMs() + t * 1000;
    this.stakingOnly = stakingOnly;
  }
  lock(): void {
    this.unlockedUntilMs = 0;
    this.stakingOnly = false;
  }
  /** EnsureWalletIsUnlocked: -13 when locked or unlocked for staking only. */
  requireUnlocked(): void {
    const s = this.state();
    if (s === 'locked') throw new RpcError(RPC.UNLOCK_NEEDED, 'Error: Please enter the wallet passphrase with walletpassphrase first.');
    if (s === 'staking-only') throw new RpcError(RPC.UNLOCK_NEEDED, 'Error: Wallet is unlocked for staking only.');
  }
  /** Whether the wallet can stake (unencrypted, or unlocked in any mode). */
  canStake(): boolean {
    return this.state() !== 'locked';
  }

  /** The key of a script this wallet owns (S's P2PKH/P2PK, or a change key). */
  keyForScript(script: string): SimKey | undefined {
    if (script === this.staker.p2pkhScript || script === this.staker.p2pkScript) return this.staker;
    return this.changeKeys.find((k) => k.p2pkhScript === script);
  }
  /** A fresh P2PKH change key (legacy, as the descriptor wallet's internal chain gives). */
  newChangeKey(): SimKey {
    const k = this.chain.addKey(`wallet-change/${this.changeKeys.length}`);
    this.changeKeys.push(k);
    return k;
  }
  hash160s(): string[] {
    return [this.staker.hash160Hex, ...this.changeKeys.map((k) => k.hash160Hex)];
  }

  /**
   * The wallet's coins: confirmed ones and mempool outputs, minus those spent in the mempool. `mature`
   * applies the wallet's view of coinbase/coinstake maturity (2001 confirmations, one more than consensus).
   */
  coins(opts: { includeImmature?: boolean; includeUnconfirmed?: boolean } = {}): WalletCoin[] {
    const s = this.chain.state;
    const out: WalletCoin[] = [];
    for (const h of this.hash160s()) {
      for (const u of s.addrUtxos.get(h)?.values() ?? []) {
        const key = this.keyForScript(u.script);
        if (!key || s.mempool.spender(u.key)) continue;
        const conf = s.height - u.height + 1;
        if ((u.isCoinbase || u.isCoinstake) && conf < MATURITY + 1 && !opts.includeImmature) continue;
        out.push({ utxo: u, confirmations: conf, key });
      }
    }
    if (opts.includeUnconfirmed !== false) {
      for (const e of s.mempool.all()) {
        e.tx.tx.vout.forEach((o, n) => {
          const key = this.keyForScript(o.script);
          const k = outpointKey(e.tx.txid, n);
          if (!key || s.mempool.spender(k)) return;
          out.push({ utxo: { key: k, txid: e.tx.txid, n, value: o.value, script: o.script, height: s.height + 1, isCoinbase: false, isCoinstake: false }, confirmations: 0, key });
        });
      }
    }
    return out;
  }

  /** Logs a wallet RPC call; walletpassphrase/encryptwallet arguments are reduced to what is not secret. */
  record(method: string, params: readonly unknown[], error?: number): void {
    const safe = method === 'walletpassphrase' ? params.slice(1) : method === 'encryptwallet' || method === 'walletpassphrasechange' ? [] : params;
    this.callLog.push({ method, params: safe, at: this.nowMs(), ...(error !== undefined ? { error } : {}) });
  }
}
