import type { Logger } from '@ppm/runtime';
import type { BatchResults, RpcRequest } from './rpc-request';
import type {
  AddressBalance,
  AddressDelta,
  AddressDeltasQuery,
  AddressDeltasWithChainInfo,
  AddressUtxo,
  AddressUtxosWithChainInfo,
  BlockchainInfo,
  IndexInfo,
  SpentInfo,
  BlockHeader,
  BlockV1,
  BlockV2,
  BlockV3,
  DecodedTransaction,
  DelegationForStaker,
  DelegationInfo,
  FundedTransaction,
  FundRawTransactionOptions,
  ListUnspentArgs,
  MempoolEntries,
  NetworkInfo,
  OutPoint,
  PrevTx,
  RawTransaction,
  RawTxInput,
  Recipient,
  RawTxOutput,
  SearchLogsFilter,
  SearchLogsResult,
  SendManyOptions,
  SignedTransaction,
  StakingInfo,
  TxOutInfo,
  UnspentOutput,
  WalletInfo,
  WalletTransaction,
} from './types';

/** Retry policy for retry-safe calls. `attempts` counts the first try. */
export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The metrics hook's event: one per logical call (after retries), batches report method `batch`. */
export interface RpcCallEvent {
  method: string;
  ms: number;
  ok: boolean;
  /** The node's error code when the call failed with one. */
  code?: number;
}

/** Options of {@link QtumRpcClient}. */
export interface QtumRpcClientOptions {
  /** `http://user:pass@host:port/`; credentials are taken from the URL (percent-decoded). */
  url: string;
  /** Wallet RPCs go to `/wallet/<name>` when set. */
  wallet?: string;
  /** Per HTTP request; default 30000. */
  timeoutMs?: number;
  /** Default `{ attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 }`. */
  retry?: RetryOptions;
  /** Calls per HTTP request in {@link QtumRpcClient.batch}; default 500. */
  batchChunkSize?: number;
  log?: Logger;
  onCall?: (e: RpcCallEvent) => void;
}

/**
 * Typed qtumd 27.1 client. Every method returns the validated, converted result (amounts as bigint
 * satoshis, see `types.ts`) or rejects with a typed error (`errors/`). Wallet methods go to the wallet path.
 */
export interface QtumRpcClient {
  /** Sends one prebuilt request (retried when retry-safe). */
  call<T>(request: RpcRequest<T>): Promise<T>;
  /**
   * Sends many retry-safe requests as JSON-RPC batches (chunked), results in request order. One failing
   * entry does not fail the others; transport failures retry the whole chunk, then reject.
   */
  batch<const Rs extends readonly RpcRequest<unknown>[]>(requests: Rs): Promise<BatchResults<Rs>>;
  /** Destroys the keep-alive agent's sockets. */
  close(): void;

  // chain
  getblockcount(): Promise<number>;
  getbestblockhash(): Promise<string>;
  getblockhash(height: number): Promise<string>;
  getblockheader(hash: string): Promise<BlockHeader>;
  getblock(hash: string, verbosity?: 1): Promise<BlockV1>;
  getblock(hash: string, verbosity: 2): Promise<BlockV2>;
  getblock(hash: string, verbosity: 3): Promise<BlockV3>;
  getrawtransaction(txid: string, blockhash?: string): Promise<RawTransaction>;
  /** null when the output is spent or unknown. */
  gettxout(txid: string, n: number, includeMempool?: boolean): Promise<TxOutInfo | null>;
  /** The input spending `txid:index` (-addrindex). Rejects -5 when the outpoint is unspent or unknown. */
  getspentinfo(txid: string, index: number): Promise<SpentInfo>;
  /** Status of the node's indexes (`txindex` ...); `name` filters. */
  getindexinfo(name?: string): Promise<IndexInfo>;
  getblockchaininfo(): Promise<BlockchainInfo>;
  getnetworkinfo(): Promise<NetworkInfo>;
  getrawmempool(verbose?: false): Promise<string[]>;
  getrawmempool(verbose: true): Promise<MempoolEntries>;

  // delegation and staking
  getstakinginfo(): Promise<StakingInfo>;
  getdelegationsforstaker(stakerAddress: string): Promise<DelegationForStaker[]>;
  getdelegationinfoforaddress(delegateAddress: string): Promise<DelegationInfo>;
  /** verifymessage: true when `signature` (base64, compact) signs `message` with the key of P2PKH `address`. */
  verifymessage(address: string, signature: string, message: string): Promise<boolean>;
  /** `to` may be -1 (tip). Returns receipts and the decoded delegation events. */
  searchlogs(fromBlock: number, toBlock: number, filter?: SearchLogsFilter, minconf?: number): Promise<SearchLogsResult>;

  // address index
  getaddressutxos(query: { addresses: string[]; chainInfo?: false }): Promise<AddressUtxo[]>;
  getaddressutxos(query: { addresses: string[]; chainInfo: true }): Promise<AddressUtxosWithChainInfo>;
  getaddressdeltas(query: AddressDeltasQuery & { chainInfo?: false }): Promise<AddressDelta[]>;
  getaddressdeltas(query: AddressDeltasQuery & { chainInfo: true }): Promise<AddressDeltasWithChainInfo>;
  getaddressbalance(query: { addresses: string[] }): Promise<AddressBalance>;

  // wallet
  getwalletinfo(): Promise<WalletInfo>;
  /** The passphrase is never logged. `stakingOnly` true unlocks for staking only. */
  walletpassphrase(passphrase: string, timeoutSec: number, stakingOnly?: boolean): Promise<void>;
  /** PPM must never call this: a locked wallet stops staking. Present for completeness and tests. */
  walletlock(): Promise<void>;
  listunspent(args?: ListUnspentArgs): Promise<UnspentOutput[]>;
  lockunspent(unlock: boolean, outputs?: OutPoint[], persistent?: boolean): Promise<boolean>;
  listlockunspent(): Promise<OutPoint[]>;
  gettransaction(txid: string, includeWatchonly?: boolean): Promise<WalletTransaction>;
  /** NEVER retried: a lost reply after success would pay twice. Returns the txid. */
  sendmany(recipients: readonly Recipient[], options?: SendManyOptions): Promise<string>;

  // raw transactions
  createrawtransaction(inputs: readonly RawTxInput[], outputs: readonly RawTxOutput[], locktime?: number, replaceable?: boolean): Promise<string>;
  fundrawtransaction(hex: string, options?: FundRawTransactionOptions): Promise<FundedTransaction>;
  signrawtransactionwithwallet(hex: string, prevtxs?: readonly PrevTx[], sighashtype?: string): Promise<SignedTransaction>;
  decoderawtransaction(hex: string): Promise<DecodedTransaction>;
  /** Safe to retry: the same raw tx. `maxFeeRateSats` is per kvB. */
  sendrawtransaction(hex: string, maxFeeRateSats?: bigint): Promise<string>;
}
