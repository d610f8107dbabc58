/** Wallet RPCs and the raw-transaction flow (arguments and results). Naming rule: see ../types.ts. */
/** getwalletinfo. `unlocked_until` is absent for unencrypted wallets and 0 when locked. */
export interface WalletInfo {
  walletname: string;
  walletversion: number;
  format: string;
  balanceSats: bigint;
  stakeSats: bigint;
  unconfirmed_balanceSats: bigint;
  immature_balanceSats: bigint;
  txcount: number;
  keypoolsize: number;
  keypoolsize_hd_internal?: number;
  unlocked_until?: number;
  paytxfeeSats: bigint;
  private_keys_enabled: boolean;
  avoid_reuse: boolean;
  scanning: false | { duration: number; progress: number };
  descriptors: boolean;
  external_signer?: boolean;
  blank?: boolean;
  birthtime?: number;
  lastprocessedblock?: { hash: string; height: number };
}

/** listunspent entry. */
export interface UnspentOutput {
  txid: string;
  vout: number;
  address?: string;
  label?: string;
  scriptPubKey: string;
  amountSats: bigint;
  confirmations: number;
  ancestorcount?: number;
  ancestorsize?: number;
  /** Integer satoshis (qtumd writes this one in sat). */
  ancestorfees?: bigint;
  spendable: boolean;
  solvable: boolean;
  reused?: boolean;
  desc?: string;
  parent_descs?: string[];
  safe: boolean;
}

/** listunspent query options (wire names). Amounts are satoshis, sent as 8-decimal strings. */
export interface ListUnspentQuery {
  minimumAmountSats?: bigint;
  maximumAmountSats?: bigint;
  maximumCount?: number;
  minimumSumAmountSats?: bigint;
  include_immature_coinbase?: boolean;
}

/** Arguments of listunspent. */
export interface ListUnspentArgs {
  minconf?: number;
  maxconf?: number;
  addresses?: string[];
  includeUnsafe?: boolean;
  query?: ListUnspentQuery;
}

/** An outpoint (lockunspent, listlockunspent, createrawtransaction inputs). */
export interface OutPoint {
  txid: string;
  vout: number;
}

/** A createrawtransaction input. */
export interface RawTxInput extends OutPoint {
  sequence?: number;
}

/** A payment: address and satoshis. Sent to qtumd as an 8-decimal string; duplicate addresses are refused. */
export interface Recipient {
  address: string;
  amountSats: bigint;
}

/** An OP_RETURN output of createrawtransaction (qtumd's `"data"` key): value 0, the bytes as hex. One per tx. */
export interface DataOutput {
  dataHex: string;
}

/** A createrawtransaction output: a payment or data. */
export type RawTxOutput = Recipient | DataOutput;

/** fundrawtransaction options. `feeRateSats` is per kvB (sent as `feeRate` QTUM/kvB); `fee_rate` is sat/vB. */
export interface FundRawTransactionOptions {
  changeAddress?: string;
  changePosition?: number;
  includeWatching?: boolean;
  lockUnspents?: boolean;
  feeRateSats?: bigint;
  fee_rate?: number;
  subtractFeeFromOutputs?: number[];
  replaceable?: boolean;
  conf_target?: number;
  estimate_mode?: string;
}

/** fundrawtransaction result. */
export interface FundedTransaction {
  hex: string;
  feeSats: bigint;
  /** -1 when no change output was added. */
  changepos: number;
}

/** signrawtransactionwithwallet per-input error. */
export interface SignError {
  txid: string;
  vout: number;
  witness?: string[];
  scriptSig: string;
  sequence: number;
  error: string;
}

/** signrawtransactionwithwallet result. */
export interface SignedTransaction {
  hex: string;
  complete: boolean;
  errors?: SignError[];
}

/** A previous output for signrawtransactionwithwallet. */
export interface PrevTx extends OutPoint {
  scriptPubKey: string;
  redeemScript?: string;
  witnessScript?: string;
  amountSats?: bigint;
}

/** gettransaction details entry. Coinstakes show up as one 'send' entry with amount 0. */
export interface WalletTxDetail {
  address?: string;
  parent_descs?: string[];
  category: string;
  amountSats: bigint;
  label?: string;
  vout: number;
  feeSats?: bigint;
  abandoned?: boolean;
}

/**
 * gettransaction. Sends have negative `amountSats`/`feeSats`; coinstakes report the net gain and a
 * POSITIVE fee with `generated: true`.
 */
export interface WalletTransaction {
  amountSats: bigint;
  feeSats?: bigint;
  confirmations: number;
  generated?: boolean;
  trusted?: boolean;
  blockhash?: string;
  blockheight?: number;
  blockindex?: number;
  blocktime?: number;
  txid: string;
  wtxid?: string;
  walletconflicts: string[];
  time: number;
  timereceived: number;
  'bip125-replaceable': string;
  comment?: string;
  details: WalletTxDetail[];
  hex: string;
  lastprocessedblock?: { hash: string; height: number };
}

/** sendmany options (wire names; `fee_rate` is sat/vB). */
export interface SendManyOptions {
  minconf?: number;
  comment?: string;
  subtractFeeFrom?: string[];
  replaceable?: boolean;
  conf_target?: number;
  estimate_mode?: string;
  fee_rate?: number;
}
