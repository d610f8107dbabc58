import { blockSubsidySats, SATS_PER_QTUM } from '@ppm/chain';
import type { ChainState } from './chain-state';
import type { SimBlock, SimBlockKind, StoredTx, Utxo } from './chain-types';
import { outpointKey } from './chain-types';
import { headerHash, merkleRoot, serializeHeader } from './header';
import { fakeCompactSig, type SimKey } from './keys';
import { labelledBytes } from './rng';
import { signInput, storedTx } from './tx-builder';
import { NULL_TXID, type Tx } from './tx-codec';

/** Coinbase/coinstake maturity and stake min depth on regtest, in blocks. */
export const MATURITY = 2000;
/** Smallest UTXO the staker stakes (and the consensus minimum of its own coinstake input). */
export const MIN_STAKE_SATS = 100n * SATS_PER_QTUM;
/** The staker's `-stakingminfee`: delegations below it are not super-staked. */
export const STAKING_MIN_FEE = 100;
const STATE_ROOT = 'a129fde7e2974c522b2a7e4b1654e5832953eaaab86028152c6c95581849f34f';
const UTXO_ROOT = '21b463e3b52f6201c0ad6c991be0485b6ef8c092e64583ffa655cc1b171fe856';

/** What kind of block to make next. */
export interface BlockSpec {
  kind: 'pool' | 'self' | 'foreign' | 'pow';
  /** Pool blocks: stake this delegate's UTXO (address). Default: the next eligible delegate in turn. */
  delegate?: string;
  /** Include the mempool (default true). */
  includeMempool?: boolean;
}

/** Keys that make blocks. */
export interface BlockActors {
  readonly staker: SimKey;
  readonly miner: SimKey;
  readonly foreign: SimKey;
  keyOfHash160(h: string): SimKey | undefined;
  /**
   * Coins of S's wallet it must not stake: locked with lockunspent (e.g. by fundrawtransaction's lockUnspents).
   * qtumd's AvailableCoinsForStaking (wallet/stake.cpp) skips locked and spent coins alike.
   */
  isLockedCoin?(outpointKey: string): boolean;
}

/** Internal inputs of the factory. */
export interface BuildOptions {
  time: number;
  /** Mixed into the coinbase so a replacement branch gets new hashes. */
  branchTag: number;
  /** Transactions to include instead of the mempool. */
  txs?: StoredTx[];
  /** Extra coinbase value of a PoW block (the scenario's premine that funds every delegate). */
  extraReward?: bigint;
}

function scriptNumPush(n: number): string {
  const bytes: number[] = [];
  let v = n;
  while (v > 0) {
    bytes.push(v & 0xff);
    v >>= 8;
  }
  if (bytes.length > 0 && ((bytes[bytes.length - 1] ?? 0) & 0x80)) bytes.push(0);
  return bytes.length.toString(16).padStart(2, '0') + Buffer.from(bytes).toString('hex');
}

/** Mempool txs whose inputs exist (chain, or an earlier tx of the list), with their fees. */
function pickTxs(state: ChainState, candidates: readonly StoredTx[], exclude: ReadonlySet<string>): { txs: StoredTx[]; fees: bigint } {
  const made = new Map<string, bigint>();
  const used = new Set<string>(exclude);
  const txs: StoredTx[] = [];
  let fees = 0n;
  for (const stx of candidates) {
    let inSum = 0n;
    let ok = true;
    for (const i of stx.tx.vin) {
      const k = outpointKey(i.prevTxid, i.prevVout);
      const v = state.utxos.get(k)?.value ?? made.get(k);
      if (v === undefined || used.has(k)) {
        ok = false;
        break;
      }
      inSum += v;
    }
    if (!ok) continue;
    stx.tx.vin.forEach((i) => used.add(outpointKey(i.prevTxid, i.prevVout)));
    stx.tx.vout.forEach((o, n) => made.set(outpointKey(stx.txid, n), o.value));
    fees += inSum - stx.tx.vout.reduce((s, o) => s + o.value, 0n);
    txs.push(stx);
  }
  return { txs, fees };
}

/**
 * The oldest mature coin of `hash160` worth at least 100 QTUM, not spent in the mempool and not locked in the
 * wallet (any one if none is mature).
 */
export function stakeableCoin(state: ChainState, hash160: string, height: number, isLocked: (key: string) => boolean = () => false): Utxo | undefined {
  let best: Utxo | undefined;
  let fallback: Utxo | undefined;
  for (const u of state.addrUtxos.get(hash160)?.values() ?? []) {
    if (u.value < MIN_STAKE_SATS || state.mempool.spender(u.key) || isLocked(u.key)) continue;
    if (height - u.height >= MATURITY) {
      if (!best || u.height < best.height) best = u;
    } else if (!fallback || u.height < fallback.height) fallback = u;
  }
  return best ?? fallback;
}

/** A delegate UTXO eligible as prevoutStake at `height`: mature, >= 100 QTUM, not staked in the last 2000 blocks. */
export function eligibleDelegateCoin(state: ChainState, delegateHash160: string, height: number): Utxo | undefined {
  for (const u of state.addrUtxos.get(delegateHash160)?.values() ?? []) {
    if (u.value < MIN_STAKE_SATS || height - u.height < MATURITY) continue;
    const used = state.stakeUse.get(u.key);
    if (used !== undefined && height - used < MATURITY) continue;
    return u;
  }
  return undefined;
}

function chooseDelegate(state: ChainState, actors: BlockActors, height: number, wanted: string | undefined): { hash160: string; coin: Utxo } | undefined {
  const mine = [...state.delegations.values()].filter((d) => d.stakerHash160 === actors.staker.hash160Hex);
  if (wanted !== undefined) {
    const d = mine.find((x) => x.delegateHash160 === wanted);
    const coin = d && eligibleDelegateCoin(state, d.delegateHash160, height);
    return d && coin ? { hash160: d.delegateHash160, coin } : undefined;
  }
  for (let k = 0; k < mine.length; k++) {
    const d = mine[(state.delegateCursor + k) % mine.length];
    if (!d || d.fee < STAKING_MIN_FEE) continue;
    const coin = eligibleDelegateCoin(state, d.delegateHash160, height);
    if (coin) {
      state.delegateCursor = (state.delegateCursor + k + 1) % mine.length;
      return { hash160: d.delegateHash160, coin };
    }
  }
  return undefined;
}

/**
 * Makes the next block (not yet connected). Pool blocks fall back to self blocks when no delegate UTXO is
 * eligible, as a real super staker would stake its own coins.
 */
export function buildBlock(state: ChainState, actors: BlockActors, spec: BlockSpec, opts: BuildOptions, wantedDelegateHash160?: string): SimBlock {
  const height = state.height + 1;
  const prev = state.tip;
  let kind: SimBlockKind = spec.kind;
  const subsidy = blockSubsidySats(state.network, height);
  let delegate: { hash160: string; coin: Utxo } | undefined;
  if (kind === 'pool') {
    delegate = chooseDelegate(state, actors, height, wantedDelegateHash160);
    if (!delegate) kind = 'self';
  }
  const stakerKey = kind === 'foreign' ? actors.foreign : actors.staker;
  // Only S's own wallet has locks; the foreign staker is another node.
  const locked = kind === 'foreign' ? undefined : actors.isLockedCoin?.bind(actors);
  const kernel = kind === 'pow' ? undefined : stakeableCoin(state, stakerKey.hash160Hex, height, locked);
  if (kind !== 'pow' && !kernel) kind = 'pow';
  const exclude = new Set<string>(kernel && kind !== 'pow' ? [kernel.key] : []);
  const candidates = opts.txs ?? (spec.includeMempool === false ? [] : state.mempool.all().map((e) => e.tx));
  const { txs, fees } = pickTxs(state, candidates, exclude);
  const reward = subsidy + fees;
  const commitment = `6a24aa21a9ed${labelledBytes(`commit/${height}/${opts.branchTag}`, 32).toString('hex')}`;
  const coinbase: Tx = {
    version: 2,
    vin: [{ prevTxid: NULL_TXID, prevVout: 0xffffffff, scriptSig: scriptNumPush(height) + (opts.branchTag ? scriptNumPush(opts.branchTag) : '00'), sequence: 0xffffffff, witness: ['0'.repeat(64)] }],
    vout: kind === 'pow'
      ? [{ value: reward + (opts.extraReward ?? 0n), script: actors.miner.p2pkhScript }, { value: 0n, script: commitment }]
      : [{ value: 0n, script: '' }, { value: 0n, script: commitment }],
    locktime: 0,
  };
  const blockTxs: StoredTx[] = [storedTx(coinbase, { isCoinbase: true })];
  let prevoutStake: { txid: string; n: number } | undefined;
  let pod: string | undefined;
  if (kind !== 'pow' && kernel) {
    const cs: Tx = { version: 2, vin: [{ prevTxid: kernel.txid, prevVout: kernel.n, scriptSig: '', sequence: 0xffffffff }], vout: [{ value: 0n, script: '' }], locktime: 0 };
    if (kind === 'pool' && delegate) {
      const rec = state.delegations.get(delegate.hash160);
      const fee = BigInt(rec?.fee ?? 100);
      const stakerShare = (reward * fee) / 100n;
      cs.vout.push({ value: kernel.value + stakerShare, script: stakerKey.p2pkScript });
      if (reward - stakerShare > 0n) cs.vout.push({ value: reward - stakerShare, script: delegate.coin.script });
      prevoutStake = { txid: delegate.coin.txid, n: delegate.coin.n };
      pod = rec?.pod;
    } else {
      const total = kernel.value + reward;
      if (total >= 2n * MIN_STAKE_SATS) {
        const half = (kernel.value + subsidy) / 2n;
        cs.vout.push({ value: half, script: stakerKey.p2pkScript }, { value: total - half, script: stakerKey.p2pkScript });
      } else cs.vout.push({ value: total, script: stakerKey.p2pkScript });
      prevoutStake = { txid: kernel.txid, n: kernel.n };
    }
    signInput(cs, 0, kernel.script, stakerKey);
    blockTxs.push(storedTx(cs, { isCoinstake: true }));
  }
  blockTxs.push(...txs);
  const signature = kind === 'pow' ? undefined : fakeCompactSig(`blocksig/${height}/${opts.branchTag}/${stakerKey.privHex}`);
  const fields = {
    prevHash: prev.hash, merkleRoot: merkleRoot(blockTxs.map((t) => t.txid)), time: opts.time, stateRoot: STATE_ROOT, utxoRoot: UTXO_ROOT,
    ...(prevoutStake ? { prevoutStake } : {}), sigDlgt: (signature ?? '') + (pod ?? ''),
  };
  const headerBytes = serializeHeader(fields);
  const hash = headerHash(headerBytes);
  return {
    height, hash, prevHash: prev.hash, merkleRoot: fields.merkleRoot, time: opts.time, stateRoot: STATE_ROOT, utxoRoot: UTXO_ROOT, kind,
    ...(prevoutStake ? { prevoutStake } : {}), ...(signature ? { signature } : {}), ...(pod ? { pod } : {}),
    ...(delegate && kind === 'pool' ? { delegateHash160: delegate.hash160 } : {}),
    headerHex: headerBytes.toString('hex'),
    proofhash: kind === 'pow' ? hash : labelledBytes(`proof/${hash}`, 32).toString('hex'),
    modifier: labelledBytes(`modifier/${prev.hash}/${hash}`, 32).toString('hex'),
    txs: blockTxs, receipts: [], spent: [],
  };
}

/** The genesis block (height 0): a coinbase paying nobody. */
export function genesisBlock(time: number): SimBlock {
  const cb = storedTx({ version: 1, vin: [{ prevTxid: NULL_TXID, prevVout: 0xffffffff, scriptSig: '00', sequence: 0xffffffff }], vout: [{ value: 0n, script: '' }], locktime: 0 }, { isCoinbase: true });
  const fields = { prevHash: '0'.repeat(64), merkleRoot: cb.txid, time, stateRoot: STATE_ROOT, utxoRoot: UTXO_ROOT, sigDlgt: '' };
  const headerBytes = serializeHeader(fields);
  const hash = headerHash(headerBytes);
  return {
    height: 0, hash, prevHash: '0'.repeat(64), merkleRoot: cb.txid, time, stateRoot: STATE_ROOT, utxoRoot: UTXO_ROOT, kind: 'genesis',
    headerHex: headerBytes.toString('hex'), proofhash: hash, modifier: '0'.repeat(64), txs: [cb], receipts: [], spent: [],
  };
}
