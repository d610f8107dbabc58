import { z } from 'zod';
import type { BlockHeader, BlockV1, BlockV2, BlockV3 } from '../types';
import { blockTransactionSchema } from './tx.schema';
import { double, hash256, hex, int } from './wire';

/** blockheaderToJSON fields (shared by getblockheader and getblock), PoS-only fields optional. */
const headerShape = {
  hash: hash256,
  confirmations: int,
  height: int,
  version: int,
  versionHex: z.string(),
  merkleroot: hash256,
  time: int,
  mediantime: int,
  nonce: int,
  bits: z.string(),
  difficulty: double,
  chainwork: hex,
  nTx: int,
  hashStateRoot: hash256,
  hashUTXORoot: hash256,
  prevoutStakeHash: hash256.exactOptional(),
  prevoutStakeVoutN: int.exactOptional(),
  previousblockhash: hash256.exactOptional(),
  nextblockhash: hash256.exactOptional(),
  flags: z.enum(['proof-of-stake', 'proof-of-work']),
  proofhash: hex,
  modifier: hex,
  signature: hex.exactOptional(),
  proofOfDelegation: hex.exactOptional(),
};

const sizesShape = { strippedsize: int, size: int, weight: int };

/** getblockheader verbose. */
export const blockHeaderSchema: z.ZodType<BlockHeader> = z.object(headerShape);

/** getblock verbosity 1. */
export const blockV1Schema: z.ZodType<BlockV1> = z.object({ ...headerShape, ...sizesShape, tx: z.array(hash256) });

/** getblock verbosity 2. */
export const blockV2Schema: z.ZodType<BlockV2> = z.object({ ...headerShape, ...sizesShape, tx: z.array(blockTransactionSchema) });

/** getblock verbosity 3: like 2, and every non-coinbase input must carry `prevout` (undo data). */
export const blockV3Schema: z.ZodType<BlockV3> = z
  .object({ ...headerShape, ...sizesShape, tx: z.array(blockTransactionSchema) })
  .superRefine((block, ctx) => {
    block.tx.forEach((tx, i) =>
      tx.vin.forEach((vin, j) => {
        if (vin.coinbase === undefined && vin.prevout === undefined) {
          ctx.addIssue({ code: 'custom', path: ['tx', i, 'vin', j, 'prevout'], message: 'verbosity 3 carries prevout on every spending input' });
        }
      }),
    );
  });
