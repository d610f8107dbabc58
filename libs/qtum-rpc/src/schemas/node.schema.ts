import { z } from 'zod';
import type { BlockchainInfo, IndexInfo, MempoolEntries, MempoolEntry, NetworkInfo, SpentInfo, TxOutInfo } from '../types';
import { scriptPubKeySchema } from './tx.schema';
import { double, hash256, hex, int, objectWithSats, qtumAmount, unsignedSatoshis } from './wire';

/** getblockchaininfo; `moneysupply` is whole QTUM as an integer. */
export const blockchainInfoSchema: z.ZodType<BlockchainInfo> = z.object({
  chain: z.string(),
  blocks: int,
  headers: int,
  bestblockhash: hash256,
  difficulty: double,
  moneysupply: unsignedSatoshis,
  time: int,
  mediantime: int,
  verificationprogress: double,
  initialblockdownload: z.boolean(),
  chainwork: hex,
  size_on_disk: int,
  pruned: z.boolean(),
  warnings: z.string(),
});

/** getnetworkinfo. */
export const networkInfoSchema: z.ZodType<NetworkInfo> = objectWithSats(
  {
    version: int,
    subversion: z.string(),
    protocolversion: int,
    localservices: z.string(),
    localservicesnames: z.array(z.string()),
    localrelay: z.boolean(),
    timeoffset: int,
    networkactive: z.boolean(),
    connections: int,
    connections_in: int,
    connections_out: int,
    networks: z.array(
      z.object({ name: z.string(), limited: z.boolean(), reachable: z.boolean(), proxy: z.string(), proxy_randomize_credentials: z.boolean() }),
    ),
    relayfee: qtumAmount,
    incrementalfee: qtumAmount,
    localaddresses: z.array(z.object({ address: z.string(), port: int, score: int })),
    warnings: z.string(),
  },
  ['relayfee', 'incrementalfee'],
);

/** gettxout; null when spent or unknown. */
export const txOutInfoSchema: z.ZodType<TxOutInfo | null> = objectWithSats(
  {
    bestblock: hash256,
    confirmations: int,
    value: qtumAmount,
    scriptPubKey: scriptPubKeySchema,
    coinbase: z.boolean(),
    coinstake: z.boolean(),
  },
  ['value'],
).nullable();

const mempoolEntrySchema: z.ZodType<MempoolEntry> = z.object({
  vsize: int,
  weight: int,
  time: int,
  height: int,
  descendantcount: int,
  descendantsize: int,
  ancestorcount: int,
  ancestorsize: int,
  wtxid: hash256,
  fees: objectWithSats(
    { base: qtumAmount, modified: qtumAmount, ancestor: qtumAmount, descendant: qtumAmount },
    ['base', 'modified', 'ancestor', 'descendant'],
  ),
  depends: z.array(hash256),
  spentby: z.array(hash256),
  'bip125-replaceable': z.boolean(),
  unbroadcast: z.boolean(),
});

/** getrawmempool verbose. */
export const mempoolEntriesSchema: z.ZodType<MempoolEntries> = z.record(hash256, mempoolEntrySchema);

/** getrawmempool. */
export const mempoolTxidsSchema: z.ZodType<string[]> = z.array(hash256);

/** getspentinfo. */
export const spentInfoSchema: z.ZodType<SpentInfo> = z.object({ txid: hash256, index: int, height: int });

/** getindexinfo. */
export const indexInfoSchema: z.ZodType<IndexInfo> = z.record(z.string(), z.object({ synced: z.boolean(), best_block_height: int }));
