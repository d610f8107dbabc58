import { z } from 'zod';
import type { AddressBalance, AddressDelta, AddressDeltasWithChainInfo, AddressUtxo, AddressUtxosWithChainInfo } from '../types';
import { blockRef, hash256, hex, int, satoshis, unsignedSatoshis } from './wire';

const utxoSchema: z.ZodType<AddressUtxo> = z.object({
  address: z.string(),
  txid: hash256,
  outputIndex: int,
  script: hex,
  satoshis: unsignedSatoshis,
  height: int,
  isStake: z.boolean(),
});

/** getaddressutxos. */
export const addressUtxosSchema: z.ZodType<AddressUtxo[]> = z.array(utxoSchema);

/** getaddressutxos with chainInfo. */
export const addressUtxosChainInfoSchema: z.ZodType<AddressUtxosWithChainInfo> = z.object({
  utxos: z.array(utxoSchema),
  hash: hash256,
  height: int,
});

const deltaSchema: z.ZodType<AddressDelta> = z.object({
  satoshis,
  txid: hash256,
  index: int,
  blockindex: int,
  height: int,
  address: z.string(),
});

/** getaddressdeltas. */
export const addressDeltasSchema: z.ZodType<AddressDelta[]> = z.array(deltaSchema);

/** getaddressdeltas with chainInfo. */
export const addressDeltasChainInfoSchema: z.ZodType<AddressDeltasWithChainInfo> = z.object({
  deltas: z.array(deltaSchema),
  start: blockRef,
  end: blockRef,
});

/** getaddressbalance. */
export const addressBalanceSchema: z.ZodType<AddressBalance> = z.object({
  balance: unsignedSatoshis,
  received: unsignedSatoshis,
  immature: unsignedSatoshis,
});
