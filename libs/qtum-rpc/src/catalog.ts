/**
 * Every RPC the client supports: where it goes, whether it may be re-sent after a lost reply, whether its
 * params are secret, and the result schema (which for a few methods depends on the params).
 * Names are qtumd's; never rename.
 */
import { JsonNumber } from '@ppm/chain';
import { z } from 'zod';
import {
  addressBalanceSchema,
  addressDeltasChainInfoSchema,
  addressDeltasSchema,
  addressUtxosChainInfoSchema,
  addressUtxosSchema,
} from './schemas/address-index.schema';
import { blockHeaderSchema, blockV1Schema, blockV2Schema, blockV3Schema } from './schemas/block.schema';
import { blockchainInfoSchema, indexInfoSchema, mempoolEntriesSchema, mempoolTxidsSchema, networkInfoSchema, spentInfoSchema, txOutInfoSchema } from './schemas/node.schema';
import { searchLogsSchema } from './schemas/search-logs.schema';
import { delegationInfoSchema, delegationsForStakerSchema, stakingInfoSchema } from './schemas/staking.schema';
import { decodedTransactionSchema, rawTransactionSchema } from './schemas/tx.schema';
import { fundedTransactionSchema, outPointsSchema, signedTransactionSchema, unspentOutputsSchema, walletInfoSchema, walletTransactionSchema } from './schemas/wallet.schema';
import { hash256, hex, int } from './schemas/wire';

/** How one RPC is sent and read. */
export interface MethodSpec {
  /** A wallet RPC: sent to /wallet/<name> when the client has a wallet. */
  readonly wallet: boolean;
  /** Idempotent: may be re-sent after a transport failure. */
  readonly retrySafe: boolean;
  /** Params hold a secret and are never logged. */
  readonly secret: boolean;
  /** The result schema for these params (positional array, or named object as qtumd also accepts). */
  readonly result: (params: unknown) => z.ZodType;
}

/** Param `index` (positional) or `name` (named params object). */
function param(params: unknown, index: number, name: string): unknown {
  let v: unknown;
  if (Array.isArray(params)) v = params[index];
  else if (params && typeof params === 'object') v = (params as Record<string, unknown>)[name];
  // Params read back from the wire (fixtures, logs) hold JsonNumber; builders pass plain numbers.
  return v instanceof JsonNumber ? Number(v.text) : v;
}

/** True when the address-index query object asks for chainInfo. */
function wantsChainInfo(params: unknown): boolean {
  const q = param(params, 0, 'argument');
  return typeof q === 'object' && q !== null && (q as Record<string, unknown>)['chainInfo'] === true;
}

const voidResult = z.null().transform((): void => undefined);

const chain = (result: MethodSpec['result']): MethodSpec => ({ wallet: false, retrySafe: true, secret: false, result });
const wallet = (result: MethodSpec['result'], retrySafe = true, secret = false): MethodSpec => ({ wallet: true, retrySafe, secret, result });

/** The catalog. */
export const METHODS: Readonly<Record<string, MethodSpec>> = {
  getblockcount: chain(() => int),
  getbestblockhash: chain(() => hash256),
  getblockhash: chain(() => hash256),
  getblockheader: chain((p) => (param(p, 1, 'verbose') === false ? hex : blockHeaderSchema)),
  getblock: chain((p) => {
    const v = param(p, 1, 'verbosity');
    if (v === 0 || v === false) return hex;
    if (v === 2) return blockV2Schema;
    if (v === 3) return blockV3Schema;
    return blockV1Schema;
  }),
  getrawtransaction: chain((p) => {
    const v = param(p, 1, 'verbosity');
    return v === undefined || v === 0 || v === false ? hex : rawTransactionSchema;
  }),
  gettxout: chain(() => txOutInfoSchema),
  getspentinfo: chain(() => spentInfoSchema),
  getindexinfo: chain(() => indexInfoSchema),
  getblockchaininfo: chain(() => blockchainInfoSchema),
  getnetworkinfo: chain(() => networkInfoSchema),
  getrawmempool: chain((p) => (param(p, 0, 'verbose') === true ? mempoolEntriesSchema : mempoolTxidsSchema)),
  getdelegationsforstaker: chain(() => delegationsForStakerSchema),
  getdelegationinfoforaddress: chain(() => delegationInfoSchema),
  searchlogs: chain(() => searchLogsSchema),
  getaddressutxos: chain((p) => (wantsChainInfo(p) ? addressUtxosChainInfoSchema : addressUtxosSchema)),
  getaddressdeltas: chain((p) => (wantsChainInfo(p) ? addressDeltasChainInfoSchema : addressDeltasSchema)),
  getaddressbalance: chain(() => addressBalanceSchema),
  verifymessage: chain(() => z.boolean()),
  createrawtransaction: chain(() => hex),
  decoderawtransaction: chain(() => decodedTransactionSchema),
  // Safe: re-sending the same raw tx returns its txid (mempool) or -27 (mined); it cannot pay twice.
  sendrawtransaction: chain(() => hash256),

  getstakinginfo: wallet(() => stakingInfoSchema),
  getwalletinfo: wallet(() => walletInfoSchema),
  walletpassphrase: wallet(() => voidResult, true, true),
  walletlock: wallet(() => voidResult),
  listunspent: wallet(() => unspentOutputsSchema),
  lockunspent: wallet(() => z.boolean()),
  listlockunspent: wallet(() => outPointsSchema),
  gettransaction: wallet(() => walletTransactionSchema),
  // Not retried: with lockUnspents a second funding locks a second set of coins.
  fundrawtransaction: wallet(() => fundedTransactionSchema, false),
  signrawtransactionwithwallet: wallet(() => signedTransactionSchema),
  // NEVER retried: a reply lost after the wallet broadcast would pay every recipient twice.
  sendmany: wallet((p) => (param(p, 9, 'verbose') === true ? z.object({ txid: hash256, fee_reason: z.string() }) : hash256), false),
};

/** The spec of a supported method, or undefined. */
export function methodSpec(method: string): MethodSpec | undefined {
  return Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
}
