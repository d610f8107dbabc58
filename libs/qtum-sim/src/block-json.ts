import { JsonNumber } from '@ppm/chain';
import { ByteWriter } from './bytes';
import type { ChainState } from './chain-state';
import type { SimBlock } from './chain-types';
import { BLOCK_VERSION } from './header';
import { serializeTx } from './tx-codec';
import { txJson } from './tx-json';

/** Regtest difficulty as qtumd prints it (`%.16g`). */
export const REGTEST_DIFFICULTY = new JsonNumber('4.656542373906925e-10');

/** Median time of the 11 blocks ending at `b`. */
export function medianTime(state: ChainState, b: SimBlock): number {
  const times: number[] = [];
  for (let h = Math.max(0, b.height - 10); h <= b.height; h++) times.push(h === b.height ? b.time : (state.blocks[h]?.time ?? b.time));
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)] ?? b.time;
}

function onMain(state: ChainState, b: SimBlock): boolean {
  return state.blocks[b.height]?.hash === b.hash;
}

/** blockheaderToJSON of Qtum 27.1, in its key order. */
export function headerJson(state: ChainState, b: SimBlock): Record<string, unknown> {
  const main = onMain(state, b);
  const next = main ? state.blocks[b.height + 1] : undefined;
  return {
    hash: b.hash,
    confirmations: main ? state.height - b.height + 1 : -1,
    height: b.height,
    version: BLOCK_VERSION,
    versionHex: BLOCK_VERSION.toString(16).padStart(8, '0'),
    merkleroot: b.merkleRoot,
    time: b.time,
    mediantime: medianTime(state, b),
    nonce: 0,
    bits: '207fffff',
    difficulty: REGTEST_DIFFICULTY,
    chainwork: (2 * (b.height + 1)).toString(16).padStart(64, '0'),
    nTx: b.txs.length,
    hashStateRoot: b.stateRoot,
    hashUTXORoot: b.utxoRoot,
    prevoutStakeHash: b.prevoutStake?.txid,
    prevoutStakeVoutN: b.prevoutStake?.n,
    previousblockhash: b.height > 0 ? b.prevHash : undefined,
    nextblockhash: next?.hash,
    flags: b.prevoutStake ? 'proof-of-stake' : 'proof-of-work',
    proofhash: b.proofhash,
    modifier: b.modifier,
    signature: b.signature,
    proofOfDelegation: b.pod,
  };
}

/** Serialised block (getblock verbosity 0), optionally without witnesses (strippedsize). */
export function blockBytes(b: SimBlock, witness = true): Buffer {
  const w = new ByteWriter().bytes(Buffer.from(b.headerHex, 'hex')).varint(b.txs.length);
  for (const t of b.txs) w.bytes(witness ? Buffer.from(t.hex, 'hex') : serializeTx(t.tx, false));
  return w.done();
}

/** getblock verbosity 1..3 result. */
export function blockJson(state: ChainState, b: SimBlock, verbosity: number): Record<string, unknown> {
  const size = blockBytes(b).length;
  const stripped = blockBytes(b, false).length;
  const mode = verbosity >= 3 ? 'block-prevout' : 'block';
  return {
    ...headerJson(state, b),
    strippedsize: stripped,
    size,
    weight: stripped * 3 + size,
    tx: verbosity <= 1 ? b.txs.map((t) => t.txid) : b.txs.map((t) => txJson(state, t, mode, b)),
  };
}
