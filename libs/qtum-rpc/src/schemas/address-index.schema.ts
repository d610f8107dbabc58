import { z } from 'zod';
import type { AddressBalance, AddressDelta, AddressDeltasWithChainInfo, AddressUtxo, AddressUtxosWithChainInfo } from '../types';
import {
  blockRef,
  fastArray,
  fastInt,
  fastSatoshis,
  fastUnsignedSatoshis,
  hash256,
  hex,
  int,
  isHash256Text,
  isHexText,
  isWireObject,
  satoshis,
  unsignedSatoshis,
  withFastDecoder,
} from './wire';

/*
 * getaddressutxos/getaddressdeltas replies run to 100,000 entries; each schema here has a hand-written decoder
 * (withFastDecoder) giving the same output in the same key order, and zod decides (and words the error)
 * whenever the decoder does not accept the input.
 */

const utxoSchema: z.ZodType<AddressUtxo> = z.object({
  address: z.string(),
  txid: hash256,
  outputIndex: int,
  script: hex,
  satoshis: unsignedSatoshis,
  height: int,
  isStake: z.boolean(),
});

function fastUtxo(v: unknown): AddressUtxo | undefined {
  if (!isWireObject(v)) return undefined;
  const { address, txid, script, isStake } = v;
  if (typeof address !== 'string' || !isHash256Text(txid) || !isHexText(script) || typeof isStake !== 'boolean') return undefined;
  const outputIndex = fastInt(v['outputIndex']);
  const sats = fastUnsignedSatoshis(v['satoshis']);
  const height = fastInt(v['height']);
  if (outputIndex === undefined || sats === undefined || height === undefined) return undefined;
  return { address, txid, outputIndex, script, satoshis: sats, height, isStake };
}

/** getaddressutxos. */
export const addressUtxosSchema: z.ZodType<AddressUtxo[]> = withFastDecoder(z.array(utxoSchema), (v) => fastArray(v, fastUtxo));

/** getaddressutxos with chainInfo. */
export const addressUtxosChainInfoSchema: z.ZodType<AddressUtxosWithChainInfo> = withFastDecoder(
  z.object({
    utxos: z.array(utxoSchema),
    hash: hash256,
    height: int,
  }),
  (v) => {
    if (!isWireObject(v)) return undefined;
    const utxos = fastArray(v['utxos'], fastUtxo);
    const hash = v['hash'];
    const height = fastInt(v['height']);
    if (utxos === undefined || !isHash256Text(hash) || height === undefined) return undefined;
    return { utxos, hash, height };
  },
);

const deltaSchema: z.ZodType<AddressDelta> = z.object({
  satoshis,
  txid: hash256,
  index: int,
  blockindex: int,
  height: int,
  address: z.string(),
});

function fastDelta(v: unknown): AddressDelta | undefined {
  if (!isWireObject(v)) return undefined;
  const { txid, address } = v;
  const sats = fastSatoshis(v['satoshis']);
  const index = fastInt(v['index']);
  const blockindex = fastInt(v['blockindex']);
  const height = fastInt(v['height']);
  if (sats === undefined || !isHash256Text(txid) || index === undefined || blockindex === undefined || height === undefined) return undefined;
  if (typeof address !== 'string') return undefined;
  return { satoshis: sats, txid, index, blockindex, height, address };
}

function fastBlockRef(v: unknown): { hash: string; height: number } | undefined {
  if (!isWireObject(v)) return undefined;
  const hash = v['hash'];
  const height = fastInt(v['height']);
  return isHash256Text(hash) && height !== undefined ? { hash, height } : undefined;
}

/** getaddressdeltas. */
export const addressDeltasSchema: z.ZodType<AddressDelta[]> = withFastDecoder(z.array(deltaSchema), (v) => fastArray(v, fastDelta));

/** getaddressdeltas with chainInfo. */
export const addressDeltasChainInfoSchema: z.ZodType<AddressDeltasWithChainInfo> = withFastDecoder(
  z.object({
    deltas: z.array(deltaSchema),
    start: blockRef,
    end: blockRef,
  }),
  (v) => {
    if (!isWireObject(v)) return undefined;
    const deltas = fastArray(v['deltas'], fastDelta);
    const start = fastBlockRef(v['start']);
    const end = fastBlockRef(v['end']);
    return deltas !== undefined && start !== undefined && end !== undefined ? { deltas, start, end } : undefined;
  },
);

/** getaddressbalance. */
export const addressBalanceSchema: z.ZodType<AddressBalance> = z.object({
  balance: unsignedSatoshis,
  received: unsignedSatoshis,
  immature: unsignedSatoshis,
});
