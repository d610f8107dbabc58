import { z } from 'zod';
import type { DelegationForStaker, DelegationInfo, StakingInfo, TransactionReceipt } from '../types';
import { double, hash256, hex, int, unsignedSatoshis } from './wire';

/** getstakinginfo: weights are integer satoshis. */
export const stakingInfoSchema: z.ZodType<StakingInfo> = z.object({
  enabled: z.boolean(),
  staking: z.boolean(),
  errors: z.string(),
  currentblocktx: int.exactOptional(),
  pooledtx: int,
  difficulty: double,
  'search-interval': int,
  weight: unsignedSatoshis,
  delegateweight: unsignedSatoshis,
  netstakeweight: unsignedSatoshis,
  expectedtime: int,
});

/** getdelegationsforstaker. */
export const delegationsForStakerSchema: z.ZodType<DelegationForStaker[]> = z.array(
  z.object({
    delegate: z.string(),
    staker: z.string(),
    fee: int,
    blockHeight: int,
    weight: unsignedSatoshis.exactOptional(),
    PoD: hex,
  }),
);

/** getdelegationinfoforaddress. */
export const delegationInfoSchema: z.ZodType<DelegationInfo> = z.object({
  staker: z.string(),
  fee: int,
  blockHeight: int,
  PoD: hex,
  verified: z.boolean(),
});

/** searchlogs / gettransactionreceipt receipts. */
export const receiptsSchema: z.ZodType<TransactionReceipt[]> = z.array(
  z.object({
    blockHash: hash256,
    blockNumber: int,
    transactionHash: hash256,
    transactionIndex: int,
    outputIndex: int,
    from: hex,
    to: hex,
    cumulativeGasUsed: int,
    gasUsed: int,
    contractAddress: hex,
    excepted: z.string(),
    exceptedMessage: z.string(),
    bloom: hex,
    stateRoot: hex,
    utxoRoot: hex,
    log: z.array(z.object({ address: hex, topics: z.array(hex), data: hex })),
  }),
);
