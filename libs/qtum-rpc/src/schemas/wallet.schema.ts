import { z } from 'zod';
import type { FundedTransaction, OutPoint, SignedTransaction, UnspentOutput, WalletInfo, WalletTransaction } from '../types';
import { blockRef, double, hash256, hex, int, objectWithSats, qtumAmount, signedQtumAmount, unsignedSatoshis } from './wire';

/** getwalletinfo. */
export const walletInfoSchema: z.ZodType<WalletInfo> = objectWithSats(
  {
    walletname: z.string(),
    walletversion: int,
    format: z.string(),
    balance: qtumAmount,
    stake: qtumAmount,
    unconfirmed_balance: qtumAmount,
    immature_balance: qtumAmount,
    txcount: int,
    keypoolsize: int,
    keypoolsize_hd_internal: int.exactOptional(),
    unlocked_until: int.exactOptional(),
    paytxfee: qtumAmount,
    private_keys_enabled: z.boolean(),
    avoid_reuse: z.boolean(),
    scanning: z.union([z.literal(false), z.object({ duration: int, progress: double })]),
    descriptors: z.boolean(),
    external_signer: z.boolean().exactOptional(),
    blank: z.boolean().exactOptional(),
    birthtime: int.exactOptional(),
    lastprocessedblock: blockRef.exactOptional(),
  },
  ['balance', 'stake', 'unconfirmed_balance', 'immature_balance', 'paytxfee'],
);

/** listunspent. */
export const unspentOutputsSchema: z.ZodType<UnspentOutput[]> = z.array(
  objectWithSats(
    {
      txid: hash256,
      vout: int,
      address: z.string().exactOptional(),
      label: z.string().exactOptional(),
      scriptPubKey: hex,
      amount: qtumAmount,
      confirmations: int,
      ancestorcount: int.exactOptional(),
      ancestorsize: int.exactOptional(),
      ancestorfees: unsignedSatoshis.exactOptional(),
      spendable: z.boolean(),
      solvable: z.boolean(),
      reused: z.boolean().exactOptional(),
      desc: z.string().exactOptional(),
      parent_descs: z.array(z.string()).exactOptional(),
      safe: z.boolean(),
    },
    ['amount'],
  ),
);

/** listlockunspent. */
export const outPointsSchema: z.ZodType<OutPoint[]> = z.array(z.object({ txid: hash256, vout: int }));

const walletTxDetailSchema = objectWithSats(
  {
    address: z.string().exactOptional(),
    parent_descs: z.array(z.string()).exactOptional(),
    category: z.string(),
    amount: signedQtumAmount,
    label: z.string().exactOptional(),
    vout: int,
    fee: signedQtumAmount.exactOptional(),
    abandoned: z.boolean().exactOptional(),
  },
  ['amount', 'fee'],
);

/** gettransaction. */
export const walletTransactionSchema: z.ZodType<WalletTransaction> = objectWithSats(
  {
    amount: signedQtumAmount,
    fee: signedQtumAmount.exactOptional(),
    confirmations: int,
    generated: z.boolean().exactOptional(),
    trusted: z.boolean().exactOptional(),
    blockhash: hash256.exactOptional(),
    blockheight: int.exactOptional(),
    blockindex: int.exactOptional(),
    blocktime: int.exactOptional(),
    txid: hash256,
    wtxid: hash256.exactOptional(),
    walletconflicts: z.array(hash256),
    time: int,
    timereceived: int,
    'bip125-replaceable': z.string(),
    comment: z.string().exactOptional(),
    details: z.array(walletTxDetailSchema),
    hex,
    lastprocessedblock: blockRef.exactOptional(),
  },
  ['amount', 'fee'],
);

/** fundrawtransaction. */
export const fundedTransactionSchema: z.ZodType<FundedTransaction> = objectWithSats({ hex, fee: qtumAmount, changepos: int }, ['fee']);

/** signrawtransactionwithwallet. */
export const signedTransactionSchema: z.ZodType<SignedTransaction> = z.object({
  hex,
  complete: z.boolean(),
  errors: z
    .array(
      z.object({
        txid: hash256,
        vout: int,
        witness: z.array(hex).exactOptional(),
        scriptSig: hex,
        sequence: int,
        error: z.string(),
      }),
    )
    .exactOptional(),
});
