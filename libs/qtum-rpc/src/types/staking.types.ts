/** Staking, delegations and contract logs (getstakinginfo, getdelegation*, searchlogs). Naming rule: see ../types.ts. */
import type { DelegationEvent } from '@ppm/chain';

/** getstakinginfo (a wallet RPC). Weights are integer satoshis. */
export interface StakingInfo {
  enabled: boolean;
  staking: boolean;
  errors: string;
  currentblocktx?: number;
  pooledtx: number;
  difficulty: number;
  'search-interval': number;
  weight: bigint;
  delegateweight: bigint;
  netstakeweight: bigint;
  expectedtime: number;
}

/** One entry of getdelegationsforstaker (state at the current tip). */
export interface DelegationForStaker {
  delegate: string;
  staker: string;
  /** Percent of the reward the staker keeps (0-100). */
  fee: number;
  blockHeight: number;
  /** Integer satoshis; only with -addrindex. Ignores -stakingminutxovalue. */
  weight?: bigint;
  PoD: string;
}

/** getdelegationinfoforaddress. An address that never delegated gives staker '' and verified false. */
export interface DelegationInfo {
  staker: string;
  fee: number;
  blockHeight: number;
  PoD: string;
  verified: boolean;
}

/** A log entry inside a receipt. */
export interface ReceiptLog {
  address: string;
  topics: string[];
  data: string;
}

/** A searchlogs / gettransactionreceipt receipt. */
export interface TransactionReceipt {
  blockHash: string;
  blockNumber: number;
  transactionHash: string;
  transactionIndex: number;
  outputIndex: number;
  from: string;
  to: string;
  cumulativeGasUsed: number;
  gasUsed: number;
  contractAddress: string;
  excepted: string;
  exceptedMessage: string;
  bloom: string;
  stateRoot: string;
  utxoRoot: string;
  log: ReceiptLog[];
}

/** searchlogs: the receipts as the node returns them and the delegation events decoded from them. */
export interface SearchLogsResult {
  receipts: TransactionReceipt[];
  /** Delegation contract events (AddDelegation/RemoveDelegation) in chain order; other logs are ignored. */
  events: DelegationEvent[];
}

/** searchlogs filters. Topic matching in 27.1 is OR across positions. */
export interface SearchLogsFilter {
  addresses?: string[];
  topics?: (string | null)[];
}
