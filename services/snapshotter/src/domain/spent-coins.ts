import type { AddressDelta, BlockV3 } from '@ppm/qtum-rpc';
import type { Coin, SpentCoin } from './coins-as-of';

/** A negative delta whose spending input cannot be found or does not match (inconsistent node answers). */
export class SpendResolutionError extends Error {
  override readonly name = 'SpendResolutionError';
}

/** Heights (ascending, distinct) of the spends among `deltas` at heights >= `fromHeight`. */
export function spendHeights(deltas: readonly AddressDelta[], fromHeight: number): number[] {
  const hs = new Set<number>();
  for (const d of deltas) if (d.satoshis < 0n && d.height >= fromHeight) hs.add(d.height);
  return [...hs].sort((a, b) => a - b);
}

/**
 * Turns the spends among `deltas` (negative entries at heights >= `fromHeight`) into the coins they spent.
 * A spending delta names the spending tx and its INPUT index, not the outpoint; the spending block at
 * verbosity 3 gives that input's outpoint and `prevout` (creation height, value, script). `blocks` maps
 * height -> the main-chain block at that height.
 */
export function resolveSpentCoins(deltas: readonly AddressDelta[], blocks: ReadonlyMap<number, BlockV3>, fromHeight: number): SpentCoin[] {
  const out: SpentCoin[] = [];
  const txIndex = new Map<BlockV3, Map<string, BlockV3['tx'][number]>>();
  for (const d of deltas) {
    if (d.satoshis >= 0n || d.height < fromHeight) continue;
    const block = blocks.get(d.height);
    if (!block) throw new SpendResolutionError(`no block at height ${d.height} for spend ${d.txid}:${d.index}`);
    let txs = txIndex.get(block);
    if (!txs) {
      txs = new Map(block.tx.map((t) => [t.txid, t]));
      txIndex.set(block, txs);
    }
    const input = txs.get(d.txid)?.vin[d.index];
    if (!input?.txid || input.vout === undefined || !input.prevout) {
      throw new SpendResolutionError(`spend ${d.txid} input ${d.index} not found in block ${d.height} ${block.hash}`);
    }
    if (input.prevout.valueSats !== -d.satoshis) {
      throw new SpendResolutionError(`spend ${d.txid} input ${d.index}: prevout value ${input.prevout.valueSats} != delta ${-d.satoshis}`);
    }
    out.push({
      address: d.address,
      txid: input.txid,
      vout: input.vout,
      valueSats: input.prevout.valueSats,
      height: input.prevout.height,
      scriptHex: input.prevout.scriptPubKey.hex,
      spentHeight: d.height,
    });
  }
  return out;
}

/**
 * Turns the new coins among `deltas` (positive entries: `index` is the OUTPUT index) into {@link Coin}s with the
 * script rule 5 filters on, read from the creating block (`blocks` maps height -> the main-chain block there).
 */
export function resolveCreatedCoins(deltas: readonly AddressDelta[], blocks: ReadonlyMap<number, BlockV3>): Coin[] {
  const out: Coin[] = [];
  const txIndex = new Map<BlockV3, Map<string, BlockV3['tx'][number]>>();
  for (const d of deltas) {
    if (d.satoshis <= 0n) continue;
    const block = blocks.get(d.height);
    if (!block) throw new SpendResolutionError(`no block at height ${d.height} for new coin ${d.txid}:${d.index}`);
    let txs = txIndex.get(block);
    if (!txs) {
      txs = new Map(block.tx.map((t) => [t.txid, t]));
      txIndex.set(block, txs);
    }
    const output = txs.get(d.txid)?.vout.find((o) => o.n === d.index);
    if (!output) throw new SpendResolutionError(`new coin ${d.txid}:${d.index} not found in block ${d.height} ${block.hash}`);
    if (output.valueSats !== d.satoshis) {
      throw new SpendResolutionError(`new coin ${d.txid}:${d.index}: output value ${output.valueSats} != delta ${d.satoshis}`);
    }
    out.push({ address: d.address, txid: d.txid, vout: d.index, valueSats: d.satoshis, height: d.height, scriptHex: output.scriptPubKey.hex });
  }
  return out;
}
