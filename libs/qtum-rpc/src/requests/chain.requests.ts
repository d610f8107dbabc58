import type { RpcRequest } from '../rpc-request';
import type {
  AddressBalance,
  AddressDelta,
  AddressDeltasQuery,
  AddressDeltasWithChainInfo,
  AddressUtxo,
  AddressUtxosWithChainInfo,
  BlockchainInfo,
  BlockHeader,
  BlockV1,
  BlockV2,
  BlockV3,
  DelegationForStaker,
  DelegationInfo,
  MempoolEntries,
  NetworkInfo,
  RawTransaction,
  SearchLogsFilter,
  SearchLogsResult,
  SpentInfo,
  IndexInfo,
  TxOutInfo,
} from '../types';
import { makeRequest } from './make-request';

function getblock(hash: string, verbosity?: 1): RpcRequest<BlockV1>;
function getblock(hash: string, verbosity: 2): RpcRequest<BlockV2>;
function getblock(hash: string, verbosity: 3): RpcRequest<BlockV3>;
function getblock(hash: string, verbosity: 1 | 2 | 3 = 1): RpcRequest<BlockV1 | BlockV2 | BlockV3> {
  return makeRequest('getblock', [hash, verbosity]);
}

function getrawmempool(verbose?: false): RpcRequest<string[]>;
function getrawmempool(verbose: true): RpcRequest<MempoolEntries>;
function getrawmempool(verbose = false): RpcRequest<string[] | MempoolEntries> {
  return makeRequest('getrawmempool', [verbose]);
}

function getaddressutxos(query: { addresses: string[]; chainInfo?: false }): RpcRequest<AddressUtxo[]>;
function getaddressutxos(query: { addresses: string[]; chainInfo: true }): RpcRequest<AddressUtxosWithChainInfo>;
function getaddressutxos(query: { addresses: string[]; chainInfo?: boolean }): RpcRequest<AddressUtxo[] | AddressUtxosWithChainInfo> {
  // Always an object: 27.1 rejects a bare address string with -3.
  return makeRequest('getaddressutxos', [{ addresses: query.addresses, ...(query.chainInfo ? { chainInfo: true } : {}) }]);
}

function getaddressdeltas(query: AddressDeltasQuery & { chainInfo?: false }): RpcRequest<AddressDelta[]>;
function getaddressdeltas(query: AddressDeltasQuery & { chainInfo: true }): RpcRequest<AddressDeltasWithChainInfo>;
function getaddressdeltas(query: AddressDeltasQuery & { chainInfo?: boolean }): RpcRequest<AddressDelta[] | AddressDeltasWithChainInfo> {
  return makeRequest('getaddressdeltas', [
    { addresses: query.addresses, start: query.start, end: query.end, ...(query.chainInfo ? { chainInfo: true } : {}) },
  ]);
}

/** Request builders for chain, staking and address-index RPCs (no wallet needed). */
export const chainRequests = {
  getblockcount: (): RpcRequest<number> => makeRequest('getblockcount', []),
  getbestblockhash: (): RpcRequest<string> => makeRequest('getbestblockhash', []),
  getblockhash: (height: number): RpcRequest<string> => makeRequest('getblockhash', [height]),
  getblockheader: (hash: string): RpcRequest<BlockHeader> => makeRequest('getblockheader', [hash, true]),
  getblock,
  /** Verbose (1); with -addrindex qtumd returns the expanded format for any verbosity >= 1. */
  getrawtransaction: (txid: string, blockhash?: string): RpcRequest<RawTransaction> => makeRequest('getrawtransaction', [txid, 1, blockhash]),
  gettxout: (txid: string, n: number, includeMempool?: boolean): RpcRequest<TxOutInfo | null> =>
    makeRequest('gettxout', [txid, n, includeMempool]),
  /** The input spending `txid:index` (-addrindex; -5 "Unable to get spent info" when unspent or unknown). */
  getspentinfo: (txid: string, index: number): RpcRequest<SpentInfo> => makeRequest('getspentinfo', [{ txid, index }]),
  /** Status of the node's indexes; `name` (e.g. 'txindex') filters. */
  getindexinfo: (name?: string): RpcRequest<IndexInfo> => makeRequest('getindexinfo', name === undefined ? [] : [name]),
  getblockchaininfo: (): RpcRequest<BlockchainInfo> => makeRequest('getblockchaininfo', []),
  getnetworkinfo: (): RpcRequest<NetworkInfo> => makeRequest('getnetworkinfo', []),
  getrawmempool,
  getdelegationsforstaker: (stakerAddress: string): RpcRequest<DelegationForStaker[]> => makeRequest('getdelegationsforstaker', [stakerAddress]),
  verifymessage: (address: string, signature: string, message: string): RpcRequest<boolean> =>
    makeRequest('verifymessage', [address, signature, message]),
  getdelegationinfoforaddress: (delegateAddress: string): RpcRequest<DelegationInfo> =>
    makeRequest('getdelegationinfoforaddress', [delegateAddress]),
  searchlogs: (fromBlock: number, toBlock: number, filter?: SearchLogsFilter, minconf?: number): RpcRequest<SearchLogsResult> =>
    makeRequest('searchlogs', [
      fromBlock,
      toBlock,
      filter?.addresses ? { addresses: filter.addresses } : filter?.topics || minconf !== undefined ? {} : undefined,
      filter?.topics ? { topics: filter.topics } : minconf !== undefined ? {} : undefined,
      minconf,
    ]),
  getaddressutxos,
  getaddressdeltas,
  getaddressbalance: (query: { addresses: string[] }): RpcRequest<AddressBalance> =>
    makeRequest('getaddressbalance', [{ addresses: query.addresses }]),
};
