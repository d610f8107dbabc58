/** Transactions as getblock, getrawtransaction, decoderawtransaction and gettxout return them. Naming rule: see ../types.ts. */
/** `scriptPubKey` of an output. P2PK outputs never carry `address` (qtumd suppresses it). */
export interface ScriptPubKey {
  asm: string;
  desc: string;
  hex: string;
  address?: string;
  type: string;
}

/** `scriptSig` of a non-coinbase input. */
export interface ScriptSig {
  asm: string;
  hex: string;
}

/** `vin[].prevout` (getblock verbosity 3 only). */
export interface TxInPrevout {
  /** True for coinbase and coinstake outputs. */
  generated: boolean;
  height: number;
  valueSats: bigint;
  scriptPubKey: ScriptPubKey;
}

/**
 * A transaction input. Coinbase inputs have `coinbase` and no `txid`/`vout`; spending inputs have
 * `txid`, `vout`, `scriptSig`. `prevout` appears at getblock verbosity 3; `valueSats`/`valueSat`/`address`
 * are the -addrindex expansion of getrawtransaction.
 */
export interface TxIn {
  coinbase?: string;
  txid?: string;
  vout?: number;
  scriptSig?: ScriptSig;
  txinwitness?: string[];
  prevout?: TxInPrevout;
  valueSats?: bigint;
  valueSat?: bigint;
  address?: string;
  sequence: number;
}

/** A transaction output. `valueSat` and the `spent*` fields come from the -addrindex expansion. */
export interface TxOut {
  valueSats: bigint;
  /** -addrindex only: the same amount as the node's integer satoshis. */
  valueSat?: bigint;
  n: number;
  scriptPubKey: ScriptPubKey;
  spentTxId?: string;
  spentIndex?: number;
  /** -1 while the spender is in the mempool. */
  spentHeight?: number;
}

/** A decoded transaction (decoderawtransaction; also the base of block and raw-tx entries). */
export interface DecodedTransaction {
  txid: string;
  hash: string;
  version: number;
  size: number;
  vsize: number;
  /** Transaction weight in weight units (not money). */
  weight: number;
  locktime: number;
  vin: TxIn[];
  vout: TxOut[];
}

/** A transaction inside getblock verbosity 2/3. `feeSats` only on ordinary txs (never coinbase/coinstake). */
export interface BlockTransaction extends DecodedTransaction {
  feeSats?: bigint;
  hex: string;
}

/** getrawtransaction verbose (with -txindex/-addrindex fields). Chain fields are absent for mempool txs. */
export interface RawTransaction extends BlockTransaction {
  in_active_chain?: boolean;
  blockhash?: string;
  confirmations?: number;
  time?: number;
  blocktime?: number;
  height?: number;
}

/** gettxout (null is returned by the client when the output is spent or unknown). */
export interface TxOutInfo {
  bestblock: string;
  confirmations: number;
  valueSats: bigint;
  scriptPubKey: ScriptPubKey;
  coinbase: boolean;
  /** Qtum-specific. */
  coinstake: boolean;
}
