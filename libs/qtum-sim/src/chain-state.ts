import { decodeAddress, destinationFromScript, encodeAddress, hash160, type DecodedAddress, type NetworkName } from '@ppm/chain';
import type { AddressDelta, Receipt, SimBlock, SpentInfo, StoredTx, Utxo } from './chain-types';
import { outpointKey } from './chain-types';
import { delegationEventLog, parseDelegationCall, ADD_GAS_USED, REMOVE_GAS_USED } from './delegation-contract';
import { Mempool } from './mempool';

/** A delegation as the contract holds it (getdelegationsforstaker / getdelegationinfoforaddress). */
export interface DelegationRecord {
  readonly delegateHash160: string;
  readonly stakerHash160: string;
  readonly fee: number;
  readonly blockHeight: number;
  readonly pod: string;
}

/** An output found by txid (possibly spent), with where it was created. */
export interface FoundOutput {
  readonly value: bigint;
  readonly script: string;
  readonly height: number;
  readonly generated: boolean;
}

/**
 * The UTXO set, address index, tx index, spent index, delegation contract state and mempool of the simulated
 * node. Blocks are connected and disconnected here; everything else reads from it.
 */
export class ChainState {
  readonly blocks: SimBlock[] = [];
  readonly byHash = new Map<string, SimBlock>();
  /** Blocks that left the main chain in a reorg (getblock reports confirmations -1). */
  readonly stale = new Map<string, SimBlock>();
  /**
   * Txs of disconnected blocks that no active block holds: qtumd's txindex never forgets them, so
   * getrawtransaction still finds them (blockhash of the stale block, confirmations 0) unless the mempool has them.
   */
  readonly staleTxIndex = new Map<string, { block: SimBlock; index: number }>();
  readonly utxos = new Map<string, Utxo>();
  readonly addrUtxos = new Map<string, Map<string, Utxo>>();
  readonly deltas = new Map<string, AddressDelta[]>();
  readonly txIndex = new Map<string, { block: SimBlock; index: number }>();
  readonly spentIndex = new Map<string, SpentInfo>();
  /** Height at which an outpoint was last used as prevoutStake. */
  readonly stakeUse = new Map<string, number>();
  readonly delegations = new Map<string, DelegationRecord>();
  readonly mempool = new Mempool();
  /** Round-robin position over delegates for pool blocks (kept here so each simulator is deterministic). */
  delegateCursor = 0;
  private readonly eventHeights: number[] = [];

  private readonly addressCache = new Map<string, string>();
  private readonly pubkeyCache = new Map<string, string>();
  private readonly decodeCache = new Map<string, DecodedAddress>();

  constructor(readonly network: NetworkName) {}

  /** decodeAddress with a cache (Base58Check decoding costs ~50 us; big address-index queries list thousands). */
  decode(address: string): DecodedAddress {
    let d = this.decodeCache.get(address);
    if (!d) {
      d = decodeAddress(address, this.network);
      this.decodeCache.set(address, d);
    }
    return d;
  }

  /** Records a known address's hash160 (keys the simulator derived), sparing a Base58Check decode later. */
  rememberAddress(address: string, hash160Hex: string): void {
    this.decodeCache.set(address, { kind: 'p2pkh', hash160Hex });
    this.addressCache.set(hash160Hex, address);
  }

  /** What the address index files a script under (P2PKH, or P2PK under its key's P2PKH), with caches: this is the hot path of big builds. */
  classify(script: string): { hash160: string; address: string } | undefined {
    let h: string | undefined;
    if (script.length === 50 && script.startsWith('76a914') && script.endsWith('88ac')) h = script.slice(6, 46);
    else if (script.length === 70 && script.startsWith('21') && script.endsWith('ac')) {
      const pk = script.slice(2, 68);
      h = this.pubkeyCache.get(pk);
      if (h === undefined) {
        h = hash160(Buffer.from(pk, 'hex')).toString('hex');
        this.pubkeyCache.set(pk, h);
      }
    } else {
      const d = destinationFromScript(script, this.network);
      return d && d.type !== 'scripthash' ? { hash160: d.hash160Hex, address: d.address } : undefined;
    }
    let address = this.addressCache.get(h);
    if (address === undefined) {
      address = encodeAddress(h, this.network);
      this.addressCache.set(h, address);
      this.decodeCache.set(address, { kind: 'p2pkh', hash160Hex: h });
    }
    return { hash160: h, address };
  }

  get tip(): SimBlock {
    const b = this.blocks[this.blocks.length - 1];
    if (!b) throw new Error('empty chain');
    return b;
  }
  get height(): number {
    return this.blocks.length - 1;
  }

  /** Finds an output (spent or not) of a chain or mempool tx. */
  findOutput(txid: string, n: number): FoundOutput | undefined {
    const u = this.utxos.get(outpointKey(txid, n));
    if (u) return { value: u.value, script: u.script, height: u.height, generated: u.isCoinbase || u.isCoinstake };
    const loc = this.txIndex.get(txid);
    const tx = loc ? loc.block.txs[loc.index] : this.mempool.get(txid)?.tx;
    const out = tx?.tx.vout[n];
    if (!tx || !out) return undefined;
    return { value: out.value, script: out.script, height: loc ? loc.block.height : -1, generated: tx.isCoinbase || tx.isCoinstake };
  }

  /** Fee of a non-coinbase tx (inputs found by txid), 0 when an input is unknown. */
  txFee(stx: StoredTx): bigint {
    if (stx.isCoinbase || stx.isCoinstake) return 0n;
    let inSum = 0n;
    for (const i of stx.tx.vin) {
      const o = this.findOutput(i.prevTxid, i.prevVout);
      if (!o) return 0n;
      inSum += o.value;
    }
    return inSum - stx.tx.vout.reduce((s, o) => s + o.value, 0n);
  }

  /** A chain or mempool tx by id. */
  findTx(txid: string): { tx: StoredTx; block?: SimBlock; index?: number } | undefined {
    const loc = this.txIndex.get(txid);
    if (loc) {
      const tx = loc.block.txs[loc.index];
      return tx ? { tx, block: loc.block, index: loc.index } : undefined;
    }
    const m = this.mempool.get(txid);
    return m ? { tx: m.tx } : undefined;
  }

  private addUtxo(u: Utxo): void {
    this.utxos.set(u.key, u);
    if (!u.hash160) return;
    let m = this.addrUtxos.get(u.hash160);
    if (!m) this.addrUtxos.set(u.hash160, (m = new Map<string, Utxo>()));
    m.set(u.key, u);
  }
  private removeUtxo(u: Utxo): void {
    this.utxos.delete(u.key);
    if (u.hash160) this.addrUtxos.get(u.hash160)?.delete(u.key);
  }
  private pushDelta(hash160: string, d: AddressDelta): void {
    let a = this.deltas.get(hash160);
    if (!a) this.deltas.set(hash160, (a = [] as AddressDelta[]));
    a.push(d);
  }

  /** Connects `block` on top of the tip: spends inputs, creates outputs, indexes, derives contract events. */
  connect(block: SimBlock): void {
    const h = block.height;
    const stakeBlock = block.kind === 'pool' || block.kind === 'self' || block.kind === 'foreign';
    block.spent = [];
    block.receipts = [];
    block.txs.forEach((stx, ti) => {
      stx.tx.vout.forEach((o, n) => {
        if (o.script.startsWith('6a')) return;
        const d = this.classify(o.script);
        const u: Utxo = {
          key: outpointKey(stx.txid, n), txid: stx.txid, n, value: o.value, script: o.script, height: h,
          isCoinbase: stx.isCoinbase, isCoinstake: stx.isCoinstake, ...(d ? { hash160: d.hash160, address: d.address } : {}),
        };
        this.addUtxo(u);
        if (u.hash160) this.pushDelta(u.hash160, { satoshis: o.value, txid: stx.txid, index: n, blockindex: ti, height: h, stake: stakeBlock && ti === 1 });
        const call = o.script.endsWith('c2') ? parseDelegationCall(o.script) : undefined;
        if (call) {
          const staker = call.kind === 'add' ? call.staker : (this.delegations.get(call.sender)?.stakerHash160 ?? '0'.repeat(40));
          const receipt: Receipt = {
            txid: stx.txid, transactionIndex: ti, outputIndex: n, from: call.sender, to: '0000000000000000000000000000000000000086',
            gasUsed: call.kind === 'add' ? ADD_GAS_USED : REMOVE_GAS_USED, log: [delegationEventLog(call, staker, h)],
          };
          block.receipts.push(receipt);
          if (call.kind === 'add') this.delegations.set(call.sender, { delegateHash160: call.sender, stakerHash160: call.staker, fee: call.fee, blockHeight: h, pod: call.pod });
          else this.delegations.delete(call.sender);
        }
      });
      this.txIndex.set(stx.txid, { block, index: ti });
      this.staleTxIndex.delete(stx.txid);
      if (stx.isCoinbase) return;
      stx.tx.vin.forEach((i, vi) => {
        const k = outpointKey(i.prevTxid, i.prevVout);
        const u = this.utxos.get(k);
        if (!u) throw new Error(`block ${h} spends missing output ${k}`);
        this.removeUtxo(u);
        block.spent.push(u);
        this.spentIndex.set(k, { txid: stx.txid, index: vi, height: h });
        if (u.hash160) this.pushDelta(u.hash160, { satoshis: -u.value, txid: stx.txid, index: vi, blockindex: ti, height: h, stake: stakeBlock && ti === 1 });
      });
    });
    if (block.prevoutStake) this.stakeUse.set(outpointKey(block.prevoutStake.txid, block.prevoutStake.n), h);
    if (block.receipts.length > 0) this.eventHeights.push(h);
    this.blocks.push(block);
    this.byHash.set(block.hash, block);
    for (const stx of block.txs) this.mempool.removeOne(stx.txid);
    // Evict mempool txs that now conflict with the block (their input was spent here).
    for (const u of block.spent) {
      const other = this.mempool.spender(u.key);
      if (other) this.mempool.remove(other);
    }
  }

  /** Disconnects the tip and returns it; its ordinary txs are NOT re-added here (the caller decides). */
  disconnectTip(): SimBlock {
    const block = this.tip;
    const h = block.height;
    for (let ti = block.txs.length - 1; ti >= 0; ti--) {
      const stx = block.txs[ti];
      if (!stx) continue;
      stx.tx.vout.forEach((_, n) => {
        const u = this.utxos.get(outpointKey(stx.txid, n));
        if (u) this.removeUtxo(u);
      });
      for (const i of stx.tx.vin) this.spentIndex.delete(outpointKey(i.prevTxid, i.prevVout));
      this.txIndex.delete(stx.txid);
      this.staleTxIndex.set(stx.txid, { block, index: ti });
    }
    for (const u of block.spent) this.addUtxo(u);
    const touched = new Set<string>();
    for (const stx of block.txs) {
      for (const o of stx.tx.vout) {
        const d = this.classify(o.script);
        if (d) touched.add(d.hash160);
      }
    }
    for (const u of block.spent) if (u.hash160) touched.add(u.hash160);
    for (const hh of touched) {
      const a = this.deltas.get(hh);
      while (a && a.length > 0 && (a[a.length - 1]?.height ?? 0) >= h) a.pop();
    }
    if (block.prevoutStake) {
      const k = outpointKey(block.prevoutStake.txid, block.prevoutStake.n);
      if (this.stakeUse.get(k) === h) this.stakeUse.delete(k);
    }
    this.blocks.pop();
    this.byHash.delete(block.hash);
    this.stale.set(block.hash, block);
    if (this.eventHeights[this.eventHeights.length - 1] === h) {
      this.eventHeights.pop();
      this.replayDelegations();
    }
    return block;
  }

  /** Rebuilds the contract state from the receipts of the blocks still on the chain. */
  private replayDelegations(): void {
    this.delegations.clear();
    for (const h of this.eventHeights) {
      const b = this.blocks[h];
      for (const r of b?.receipts ?? []) {
        for (const log of r.log) {
          const delegate = (log.topics[2] ?? '').slice(24);
          if (log.data === '') this.delegations.delete(delegate);
          else {
            const fee = Number.parseInt(log.data.slice(0, 64), 16);
            const len = Number.parseInt(log.data.slice(192, 256), 16);
            this.delegations.set(delegate, { delegateHash160: delegate, stakerHash160: (log.topics[1] ?? '').slice(24), fee, blockHeight: h, pod: log.data.slice(256, 256 + len * 2) });
          }
        }
      }
    }
  }

  /** Heights of blocks that carry contract receipts, ascending. */
  receiptHeights(): readonly number[] {
    return this.eventHeights;
  }
}
