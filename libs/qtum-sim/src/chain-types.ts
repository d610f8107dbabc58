import type { EncodedTx } from './tx-codec';

/** The kind of a simulated block (how its coinstake was made). */
export type SimBlockKind = 'genesis' | 'pow' | 'pool' | 'self' | 'foreign';

/** A transaction as stored in a block or the mempool. */
export interface StoredTx extends EncodedTx {
  readonly isCoinbase: boolean;
  readonly isCoinstake: boolean;
}

/** One log of a contract receipt (searchlogs). */
export interface ReceiptLog {
  readonly address: string;
  readonly topics: readonly string[];
  readonly data: string;
}

/** A contract-call receipt created when a block connects. */
export interface Receipt {
  readonly txid: string;
  readonly transactionIndex: number;
  readonly outputIndex: number;
  readonly from: string;
  readonly to: string;
  readonly gasUsed: number;
  readonly log: readonly ReceiptLog[];
}

/** A block of the simulated chain, with what is needed to undo it. */
export interface SimBlock {
  readonly height: number;
  readonly hash: string;
  readonly prevHash: string;
  readonly merkleRoot: string;
  readonly time: number;
  readonly stateRoot: string;
  readonly utxoRoot: string;
  readonly kind: SimBlockKind;
  readonly prevoutStake?: { readonly txid: string; readonly n: number };
  /** 65-byte block signature (PoS only), hex. */
  readonly signature?: string;
  /** 65-byte proof of delegation (delegated blocks only), hex. */
  readonly pod?: string;
  /** The delegate whose UTXO staked the block (pool blocks). */
  readonly delegateHash160?: string;
  readonly headerHex: string;
  readonly proofhash: string;
  readonly modifier: string;
  readonly txs: readonly StoredTx[];
  receipts: Receipt[];
  /** UTXOs spent by this block, for disconnecting it. */
  spent: Utxo[];
}

/** An unspent output. `key` is `txid:n`. */
export interface Utxo {
  readonly key: string;
  readonly txid: string;
  readonly n: number;
  readonly value: bigint;
  readonly script: string;
  readonly height: number;
  readonly isCoinbase: boolean;
  readonly isCoinstake: boolean;
  /** hash160 the address index files it under (P2PKH, P2PK), if any. */
  readonly hash160?: string;
  readonly address?: string;
  /** Cached getaddressutxos entry (the hot path builds JSON by concatenation). */
  json?: string;
}

/** One address-index delta (getaddressdeltas). */
export interface AddressDelta {
  readonly satoshis: bigint;
  readonly txid: string;
  readonly index: number;
  readonly blockindex: number;
  readonly height: number;
  /** Coinstake position (blockindex 1 of a PoS block) - counts as immature in getaddressbalance. */
  readonly stake: boolean;
}

/** Where a spent output went (getrawtransaction spentTxId/spentIndex/spentHeight). */
export interface SpentInfo {
  readonly txid: string;
  readonly index: number;
  readonly height: number;
}

/** Key of an outpoint. */
export function outpointKey(txid: string, n: number): string {
  return `${txid}:${n}`;
}
