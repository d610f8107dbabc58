import type { NetworkName } from '@ppm/chain';
import { buildBlock, genesisBlock, MATURITY, type BlockActors, type BlockSpec } from './block-factory';
import { ChainState, type DelegationRecord } from './chain-state';
import { NodeView } from './node-view';
import { outpointKey, type SimBlock, type StoredTx, type Utxo } from './chain-types';
import { delegationCallScript } from './delegation-contract';
import { deriveKey, deriveKeyRange, fakeCompactSig, p2pkhScriptSig, type SimKey } from './keys';
import { buildSignedTx, FEE_RATE_SAT_PER_VB, selectCoins, storedTx } from './tx-builder';

/** A delegate as the controller reports it. */
export interface SimDelegateInfo {
  readonly address: string;
  readonly hash160: string;
  readonly label: string;
  /** The delegation in effect at the tip, if any. */
  readonly delegation?: { staker: string; fee: number; blockHeight: number };
}

/** Clock of the simulated chain. */
export interface SimClock {
  /** Epoch seconds for the next block. */
  blockTime(height: number, prevTime: number): number;
  /** Epoch seconds now (mempool times, wallet unlock). */
  now(): number;
}

/**
 * The simulated chain and its actors (staker S, miner/faucet M, a foreign staker F, delegates): block
 * making, transfers, delegations, reorgs and mempool manipulation. This is what tests drive.
 */
export class SimChain {
  readonly state: ChainState;
  readonly keys = new Map<string, SimKey>();
  readonly staker: SimKey;
  readonly miner: SimKey;
  readonly foreign: SimKey;
  readonly delegateLabels = new Map<string, string>();
  private branchTag = 0;
  private autoTimer: NodeJS.Timeout | undefined;
  /** The last error auto-mining hit (it keeps going). */
  autoMineError: Error | undefined;
  /** Peer count reported by getnetworkinfo/getconnectioncount (settable by tests). */
  connections = 8;
  /**
   * While true the node behaves as while `-txindex` is still being built (qtumd after enabling the index or a
   * reindex): getrawtransaction finds mempool txs only and answers -5 "...still in the process of being
   * indexed" for mined ones; getindexinfo reports `synced: false`.
   */
  txindexBuilding = false;
  /**
   * Txs this node lost from its mempool but the rest of the network still has ({@link loseFromMempool}): the
   * next block mined includes them (before the local mempool), as a peer's block would.
   */
  private readonly onPeers = new Map<string, StoredTx>();
  /** How far the node's active chain reaches (reindex, catch-up, a lagging node): see NodeView. */
  readonly view = new NodeView();
  /** Whether S's wallet has locked the coin `txid:n` (lockunspent): the staker never stakes it. Set by the simulator. */
  isLockedCoin: (outpointKey: string) => boolean = () => false;
  /** Whether the staker may stake now (false while its encrypted wallet is locked); auto-mining obeys it. */
  stakingAllowed: () => boolean = () => true;
  private readonly listeners: ((b: SimBlock) => void)[] = [];
  /** Extra source of "faucet" coins: M's change output of the last funding tx. */
  private faucet: string | undefined;

  constructor(readonly network: NetworkName, readonly seed: string, readonly clock: SimClock) {
    this.state = new ChainState(network);
    this.staker = this.addKey('staker');
    this.miner = this.addKey('miner');
    this.foreign = this.addKey('foreign-staker');
    this.state.connect(genesisBlock(clock.blockTime(0, 0)));
  }

  /** Derives and registers a key. */
  addKey(label: string): SimKey {
    const k = deriveKey(this.seed, label, this.network);
    this.keys.set(k.hash160Hex, k);
    this.state.rememberAddress(k.address, k.hash160Hex);
    return k;
  }

  /** Registers `count` generated delegate keys labelled `${prefix}${i}` (fast path for big scenarios). */
  addDelegateKeys(prefix: string, count: number): SimKey[] {
    const keys = deriveKeyRange(this.seed, `delegates/${prefix}`, count, this.network);
    keys.forEach((k, i) => {
      this.keys.set(k.hash160Hex, k);
      this.state.rememberAddress(k.address, k.hash160Hex);
      this.delegateLabels.set(k.hash160Hex, `${prefix}${i}`);
    });
    return keys;
  }

  /** Registers a delegate key under `label`. */
  addDelegateKey(label: string): SimKey {
    const k = this.addKey(`delegate/${label}`);
    this.delegateLabels.set(k.hash160Hex, label);
    return k;
  }

  /** Height of the tip. */
  get tipHeight(): number {
    return this.state.height;
  }

  /** Height of the node's active chain: the tip, or less while the node is behind (NodeView). */
  get activeHeight(): number {
    return this.view.activeHeight(this.state.height);
  }

  /** Hash of the main-chain block at `height`. */
  blockHash(height: number): string {
    const b = this.state.blocks[height];
    if (!b) throw new Error(`no block at height ${height}`);
    return b.hash;
  }

  /** The main-chain block at `height` (read-only view for tests). */
  block(height: number): SimBlock | undefined {
    return this.state.blocks[height];
  }

  /** Txids in the mempool, in arrival order. */
  mempoolTxids(): string[] {
    return this.state.mempool.all().map((e) => e.tx.txid);
  }

  /**
   * Mines one block every `intervalMs`, cycling through `pattern` (default: pool blocks). While the wallet is
   * locked the staker cannot stake, so pool/self entries become foreign blocks.
   */
  startAutoMine(intervalMs: number, pattern: readonly BlockSpec[] = [{ kind: 'pool' }]): void {
    this.stopAutoMine();
    let i = 0;
    this.autoTimer = setInterval(() => {
      const spec = pattern[i++ % pattern.length] ?? { kind: 'pool' };
      const staking = spec.kind === 'pool' || spec.kind === 'self';
      try {
        this.mine(1, staking && !this.stakingAllowed() ? { kind: 'foreign' } : spec);
      } catch (e) {
        // A timer must not crash the host process; tests can read the failure here.
        this.autoMineError = e instanceof Error ? e : new Error(String(e));
      }
    }, intervalMs);
    this.autoTimer.unref();
  }

  /** Stops auto-mining. */
  stopAutoMine(): void {
    if (this.autoTimer) clearInterval(this.autoTimer);
    this.autoTimer = undefined;
  }

  /** Called for every block connected (also during reorgs). */
  onBlock(fn: (b: SimBlock) => void): void {
    this.listeners.push(fn);
  }

  /** hash160 of a base58 address of this network (throws on a bad one). */
  hash160Of(address: string): string {
    return this.state.decode(address).hash160Hex;
  }

  /** Mines `n` blocks of `spec`; returns their hashes. */
  mine(n = 1, spec: BlockSpec = { kind: 'pow' }, txs?: StoredTx[], extraReward?: bigint): string[] {
    const acts: BlockActors = {
      staker: this.staker, miner: this.miner, foreign: this.foreign, keyOfHash160: (h) => this.keys.get(h), isLockedCoin: (k) => this.isLockedCoin(k),
    };
    const wanted = spec.delegate !== undefined ? this.hash160Of(spec.delegate) : undefined;
    const hashes: string[] = [];
    for (let i = 0; i < n; i++) {
      const tip = this.state.tip;
      const peerTxs = !txs && this.onPeers.size > 0 ? [...this.onPeers.values()] : undefined;
      const blockTxs = txs && i === 0 ? txs : peerTxs
        ? [...peerTxs, ...(spec.includeMempool === false ? [] : this.state.mempool.all().map((e) => e.tx))]
        : undefined;
      const b = buildBlock(this.state, acts, spec, { time: this.clock.blockTime(tip.height + 1, tip.time), branchTag: this.branchTag, ...(blockTxs ? { txs: blockTxs } : {}), ...(extraReward && i === 0 ? { extraReward } : {}) }, wanted);
      this.state.connect(b);
      for (const t of b.txs) this.onPeers.delete(t.txid);
      // The premine funds the scenario at once (a simulator shortcut: real coinbases need 2000 blocks).
      if (extraReward && i === 0 && b.txs[0]) this.faucet = `${b.txs[0].txid}:0`;
      hashes.push(b.hash);
      for (const l of this.listeners) l(b);
    }
    return hashes;
  }

  /** Spendable coins of `hash160` for a controller transfer: confirmed or mempool change, mature, unspent in the mempool. */
  private spendable(hash160: string): Utxo[] {
    const h = this.state.height + 1;
    const out: Utxo[] = [];
    for (const u of this.state.addrUtxos.get(hash160)?.values() ?? []) {
      if (this.state.mempool.spender(u.key)) continue;
      if ((u.isCoinbase || u.isCoinstake) && h - u.height < MATURITY) continue;
      out.push(u);
    }
    return out;
  }

  /** Adds a controller-built tx to the mempool (mined in the next block). */
  private submit(tx: StoredTx, fee: bigint): string {
    this.state.mempool.add({ tx, fee, time: this.clock.now(), height: this.state.height });
    return tx.txid;
  }

  /** Pays `outputs` from the faucet (miner M): funding and delegation txs. */
  private payFromFaucet(outputs: { script: string; value: bigint }[]): { tx: StoredTx; fee: bigint } {
    const target = outputs.reduce((s, o) => s + o.value, 0n);
    const faucetUtxo = this.faucet !== undefined ? this.faucetCoin(this.faucet) : undefined;
    const candidates = faucetUtxo ? [faucetUtxo] : this.spendable(this.miner.hash160Hex);
    const sel = selectCoins(candidates, target, outputs.map((o) => o.script), this.miner.p2pkhScript);
    const chosen = sel.ok ? sel : selectCoins(this.spendable(this.miner.hash160Hex), target, outputs.map((o) => o.script), this.miner.p2pkhScript);
    if (!chosen.ok) throw new Error(`faucet cannot pay ${target} sat`);
    const tx = storedTx(buildSignedTx(chosen.inputs, outputs, chosen.change, this.miner.p2pkhScript, () => this.miner));
    if (chosen.change > 0n) this.faucet = `${tx.txid}:${tx.tx.vout.length - 1}`;
    return { tx, fee: chosen.fee };
  }

  /** The faucet output as a coin, whether confirmed or still in the mempool. */
  private faucetCoin(key: string): Utxo | undefined {
    if (this.state.mempool.spender(key)) return undefined;
    const u = this.state.utxos.get(key);
    if (u) return u;
    const [txid = '', n = '0'] = key.split(':');
    const m = this.state.mempool.get(txid);
    const o = m?.tx.tx.vout[Number(n)];
    return o ? { key, txid, n: Number(n), value: o.value, script: o.script, height: this.state.height + 1, isCoinbase: false, isCoinstake: false } : undefined;
  }

  /** Creates UTXOs of `amountsSats` paying `address` (one tx, in the mempool until the next block). */
  fund(address: string, amountsSats: readonly bigint[]): string {
    const h = this.hash160Of(address);
    const script = `76a914${h}88ac`;
    const { tx, fee } = this.payFromFaucet(amountsSats.map((value) => ({ script, value })));
    return this.submit(tx, fee);
  }

  /** Sends `amountSats` from a key the simulator holds to `toAddress`, change back to the sender. */
  transfer(fromAddress: string, toAddress: string, amountSats: bigint): string {
    const from = this.keys.get(this.hash160Of(fromAddress));
    if (!from) throw new Error(`the simulator holds no key for ${fromAddress}`);
    const script = `76a914${this.hash160Of(toAddress)}88ac`;
    const sel = selectCoins(this.spendable(from.hash160Hex), amountSats, [script], from.p2pkhScript, FEE_RATE_SAT_PER_VB);
    if (!sel.ok) throw new Error(`${fromAddress} cannot pay ${amountSats} sat`);
    const tx = storedTx(buildSignedTx(sel.inputs, [{ script, value: amountSats }], sel.change, from.p2pkhScript, (u) => this.keys.get(u.hash160 ?? '')));
    return this.submit(tx, sel.fee);
  }

  /**
   * Spends exactly the outputs `outpoints` ("txid:n", confirmed or in the mempool; keys the simulator holds,
   * e.g. delegates, S or its wallet's change keys passed in `extraKeys`) to the miner: one tx in the mempool.
   * Lets a test spend every output of a given tx.
   */
  spendOutputs(outpoints: readonly string[], extraKeys: readonly SimKey[] = []): string {
    const byHash = new Map<string, SimKey>([...this.keys, ...extraKeys.map((k): [string, SimKey] => [k.hash160Hex, k])]);
    const coins: Utxo[] = outpoints.map((key) => {
      const [txid = '', n = '0'] = key.split(':');
      const o = this.state.findOutput(txid, Number(n));
      if (!o || this.state.mempool.spender(key)) throw new Error(`${key} is not an unspent output`);
      const h = /^76a914([0-9a-f]{40})88ac$/.exec(o.script)?.[1];
      if (!h || !byHash.has(h)) throw new Error(`the simulator holds no P2PKH key for ${key}`);
      return { key, txid, n: Number(n), value: o.value, script: o.script, height: o.height, isCoinbase: false, isCoinstake: false, hash160: h };
    });
    const total = coins.reduce((t, c) => t + c.value, 0n);
    const fee = BigInt(10 + 148 * coins.length + 34) * FEE_RATE_SAT_PER_VB;
    if (total <= fee) throw new Error(`outputs worth ${total} sat cannot pay the fee`);
    const tx = storedTx(buildSignedTx(coins, [], total - fee, this.miner.p2pkhScript, (u) => byHash.get(u.hash160 ?? '')));
    return this.submit(tx, fee);
  }

  /** Sends an addDelegation(S, fee, PoD) call for `delegate` (event in the next block). Gas is paid by the faucet. */
  addDelegation(delegateAddress: string, fee: number, stakerHash160 = this.staker.hash160Hex): string {
    if (!Number.isInteger(fee) || fee < 0 || fee > 100) throw new Error(`fee must be 0..100, got ${fee}`);
    const d = this.keyFor(delegateAddress);
    const pod = fakeCompactSig(`pod/${d.privHex}/${stakerHash160}`);
    return this.sendCall(d, { staker: stakerHash160, fee, pod });
  }

  /** Sends removeDelegation() for `delegate` (event in the next block). */
  removeDelegation(delegateAddress: string): string {
    return this.sendCall(this.keyFor(delegateAddress), null);
  }

  private keyFor(address: string): SimKey {
    const k = this.keys.get(this.hash160Of(address));
    if (!k) throw new Error(`the simulator holds no key for ${address}`);
    return k;
  }

  private sendCall(d: SimKey, call: { staker: string; fee: number; pod: string } | null): string {
    const script = delegationCallScript(d.hash160Hex, p2pkhScriptSig(d, `sender/${this.state.height}/${call?.fee ?? 'rm'}`), call);
    const { tx, fee } = this.payFromFaucet([{ script, value: 0n }]);
    return this.submit(tx, fee);
  }

  /**
   * Replaces the last `depth` blocks with a new branch (depth+1 blocks of the same kinds, or `specs`). The
   * replaced blocks' ordinary txs return to the mempool, as on a real node, and are mined again unless dropped.
   */
  reorg(depth: number, specs?: readonly BlockSpec[]): string[] {
    if (!Number.isInteger(depth) || depth < 1 || depth > this.state.height) throw new Error(`bad reorg depth ${depth}`);
    const removed: SimBlock[] = [];
    for (let i = 0; i < depth; i++) removed.push(this.state.disconnectTip());
    removed.reverse();
    const pending = this.state.mempool.all();
    this.state.mempool.clear();
    for (const b of removed) {
      for (const t of b.txs) if (!t.isCoinbase && !t.isCoinstake) this.state.mempool.add({ tx: t, fee: this.state.txFee(t), time: this.clock.now(), height: this.state.height });
    }
    for (const e of pending) this.state.mempool.add(e);
    this.branchTag++;
    const kinds: BlockSpec[] = specs ? [...specs] : [...removed.map((b): BlockSpec => ({ kind: b.kind === 'genesis' ? 'pow' : b.kind })), { kind: 'pow' }];
    const hashes: string[] = [];
    for (const s of kinds) hashes.push(...this.mine(1, s));
    return hashes;
  }

  /**
   * Returns to an earlier branch (A->B->A): disconnects the main chain down to the fork point with the stale
   * block `staleTipHash` and reconnects that block's branch, the SAME blocks (same hashes) as before. The
   * disconnected blocks become stale; their ordinary txs return to the mempool unless the branch mines them.
   * Returns the reconnected hashes, lowest first.
   */
  returnToBranch(staleTipHash: string): string[] {
    const branch: SimBlock[] = [];
    let b = this.state.stale.get(staleTipHash);
    if (!b) throw new Error(`${staleTipHash} is not a stale block`);
    while (b) {
      branch.push(b);
      if (this.state.byHash.has(b.prevHash)) break;
      b = this.state.stale.get(b.prevHash);
    }
    const fork = this.state.byHash.get(branch.at(-1)!.prevHash);
    if (!fork) throw new Error(`the branch of ${staleTipHash} does not join the main chain`);
    const removed: SimBlock[] = [];
    while (this.state.height > fork.height) removed.push(this.state.disconnectTip());
    const pending = this.state.mempool.all();
    this.state.mempool.clear();
    branch.reverse();
    for (const blk of branch) {
      this.state.stale.delete(blk.hash);
      this.state.connect(blk);
      for (const fn of this.listeners) fn(blk);
    }
    // Back to the mempool: txs of the left branch (and the old mempool) that the branch did not mine and that
    // still spend unspent coins (a conflicting one is dropped, as a real node drops it).
    const spendable = (t: StoredTx) => !this.state.txIndex.has(t.txid)
      && t.tx.vin.every((i) => this.state.utxos.has(outpointKey(i.prevTxid, i.prevVout)));
    for (const r of removed.reverse()) {
      for (const t of r.txs) {
        if (t.isCoinbase || t.isCoinstake || !spendable(t)) continue;
        this.state.mempool.add({ tx: t, fee: this.state.txFee(t), time: this.clock.now(), height: this.state.height });
      }
    }
    for (const e of pending) if (spendable(e.tx)) this.state.mempool.add(e);
    return branch.map((x) => x.hash);
  }

  /** Removes a tx (and its descendants) from the mempool, as if it expired. */
  dropFromMempool(txid: string): boolean {
    return this.state.mempool.remove(txid).length > 0;
  }

  /**
   * The node loses `txid` from its mempool (expiry, restart without mempool.dat, eviction) together with its
   * descendants, while its peers still have `txid` itself: a child of it is then answered -25
   * bad-txns-inputs-missingorspent (its parent is unknown here), and the next block mined includes `txid`
   * as a peer's block would. Returns the txids removed from the local mempool.
   */
  loseFromMempool(txid: string): string[] {
    const e = this.state.mempool.get(txid);
    if (!e) throw new Error(`${txid} is not in the mempool`);
    this.onPeers.set(txid, e.tx);
    return this.state.mempool.remove(txid);
  }

  /** Spends input 0's coin of mempool tx `txid` elsewhere and mines that at once: `txid` can never confirm. */
  conflictInMempool(txid: string): string {
    const e = this.state.mempool.get(txid);
    const input = e?.tx.tx.vin[0];
    if (!e || !input) throw new Error(`${txid} is not in the mempool`);
    const prev = this.state.findOutput(input.prevTxid, input.prevVout);
    if (!prev) throw new Error(`input of ${txid} not found`);
    const fee = 100_000n;
    const tx = storedTx({
      version: 2,
      vin: [{ prevTxid: input.prevTxid, prevVout: input.prevVout, scriptSig: p2pkhScriptSig(this.miner, `conflict/${txid}`), sequence: 0xffffffff }],
      vout: [{ value: prev.value - fee, script: this.miner.p2pkhScript }],
      locktime: 0,
    });
    this.state.mempool.remove(txid);
    this.mine(1, { kind: 'pow' }, [tx]);
    return tx.txid;
  }

  /** Delegates known to the simulator, with their delegation at the tip. */
  delegates(): SimDelegateInfo[] {
    const out: SimDelegateInfo[] = [];
    for (const [h, label] of this.delegateLabels) {
      const k = this.keys.get(h);
      const rec: DelegationRecord | undefined = this.state.delegations.get(h);
      if (!k) continue;
      out.push({
        address: k.address, hash160: h, label,
        ...(rec ? { delegation: { staker: this.keys.get(rec.stakerHash160)?.address ?? rec.stakerHash160, fee: rec.fee, blockHeight: rec.blockHeight } } : {}),
      });
    }
    return out;
  }

  /** Confirmed UTXOs of `address`, ascending by height. */
  utxosOf(address: string): Utxo[] {
    return [...(this.state.addrUtxos.get(this.hash160Of(address))?.values() ?? [])].sort((a, b) => a.height - b.height);
  }
}
