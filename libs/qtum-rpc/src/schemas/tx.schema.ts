import { z } from 'zod';
import type { BlockTransaction, DecodedTransaction, RawTransaction, ScriptPubKey, TxIn, TxInPrevout, TxOut } from '../types';
import { hash256, hex, int, objectWithSats, qtumAmount, satoshis } from './wire';

/** scriptPubKey: P2PK has no address. */
export const scriptPubKeySchema: z.ZodType<ScriptPubKey> = z.object({
  asm: z.string(),
  desc: z.string(),
  hex,
  address: z.string().exactOptional(),
  type: z.string(),
});

const prevoutSchema: z.ZodType<TxInPrevout> = objectWithSats(
  { generated: z.boolean(), height: int, value: qtumAmount, scriptPubKey: scriptPubKeySchema },
  ['value'],
);

/** One vin entry (coinbase or spend; getblock v3 prevout; -addrindex value/valueSat/address). */
export const txInSchema: z.ZodType<TxIn> = objectWithSats(
  {
    coinbase: hex.exactOptional(),
    txid: hash256.exactOptional(),
    vout: int.exactOptional(),
    scriptSig: z.object({ asm: z.string(), hex }).exactOptional(),
    txinwitness: z.array(hex).exactOptional(),
    prevout: prevoutSchema.exactOptional(),
    value: qtumAmount.exactOptional(),
    valueSat: satoshis.exactOptional(),
    address: z.string().exactOptional(),
    sequence: int,
  },
  ['value'],
);

/** One vout entry (-addrindex adds valueSat and the spent* fields). */
export const txOutSchema: z.ZodType<TxOut> = objectWithSats(
  {
    value: qtumAmount,
    valueSat: satoshis.exactOptional(),
    n: int,
    scriptPubKey: scriptPubKeySchema,
    spentTxId: hash256.exactOptional(),
    spentIndex: int.exactOptional(),
    spentHeight: int.exactOptional(),
  },
  ['value'],
);

const txShape = {
  txid: hash256,
  hash: hash256,
  version: int,
  size: int,
  vsize: int,
  weight: int,
  locktime: int,
  vin: z.array(txInSchema),
  vout: z.array(txOutSchema),
};

/** decoderawtransaction. */
export const decodedTransactionSchema: z.ZodType<DecodedTransaction> = z.object(txShape);

/** A tx of getblock verbosity 2/3: `fee` only on ordinary txs. */
export const blockTransactionSchema: z.ZodType<BlockTransaction> = objectWithSats(
  { ...txShape, fee: qtumAmount.exactOptional(), hex },
  ['fee'],
);

/** getrawtransaction verbose (expanded -addrindex format). */
export const rawTransactionSchema: z.ZodType<RawTransaction> = objectWithSats(
  {
    in_active_chain: z.boolean().exactOptional(),
    ...txShape,
    fee: qtumAmount.exactOptional(),
    hex,
    blockhash: hash256.exactOptional(),
    confirmations: int.exactOptional(),
    time: int.exactOptional(),
    blocktime: int.exactOptional(),
    height: int.exactOptional(),
  },
  ['fee'],
);
