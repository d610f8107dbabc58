import { RetryableError } from '@ppm/runtime';
import type { BlockV3 } from '@ppm/qtum-rpc';
import { coinsAfterBlock, weightsFromCoins, type Coin, type WeightRules } from '../domain/coins-as-of';
import { resolveSpentCoins, spendHeights } from '../domain/spent-coins';
import type { SnapshotterRpc } from '../rpc/snapshotter-rpc';

/** Spending blocks fetched per getblock batch (verbosity 3 blocks can be large). */
const SPEND_BLOCKS_PER_BATCH = 50;

/** Round-trip counts of one computation, for logs and the benchmark. */
export interface WeightsStats {
  readonly utxos: number;
  readonly deltas: number;
  readonly spendBlocks: number;
  readonly tipHeight: number;
}

/**
 * Rule 5 weights of `delegates` as of block `height` (hash `blockHash`), exact whatever happened since:
 * 1. today's coins of all delegates: ONE multi-address getaddressutxos (with the tip it reflects, T);
 * 2. every delta of those addresses in [H, T]: ONE multi-address getaddressdeltas;
 * 3. the blocks holding spends in [H, T] at verbosity 3 (batched), to learn which outpoint each spend consumed
 *    and when that coin was created;
 * 4. {@link coinsAfterBlock} rebuilds the set after H-1, {@link weightsFromCoins} applies rule 5.
 * The answers must describe one chain: T's hash must agree between (1) and (2) and H must still be `blockHash`;
 * otherwise the chain moved under us and the caller retries.
 */
export async function weightsAsOf(
  rpc: SnapshotterRpc,
  delegates: readonly string[],
  blockHash: string,
  rules: WeightRules,
): Promise<{ weights: Map<string, bigint>; stats: WeightsStats }> {
  const H = rules.height;
  if (delegates.length === 0) return { weights: new Map(), stats: { utxos: 0, deltas: 0, spendBlocks: 0, tipHeight: H } };
  const utxos = await rpc.getAddressUtxos(delegates);
  const deltas = await rpc.getAddressDeltas(delegates, H, utxos.height);
  if (deltas.end.hash !== utxos.hash || deltas.end.height !== utxos.height) {
    throw new RetryableError(`tip moved between getaddressutxos (${utxos.height}) and getaddressdeltas (${deltas.end.height})`);
  }
  const heights = spendHeights(deltas.deltas, H);
  const blocks = new Map<number, BlockV3>();
  for (let i = 0; i < heights.length; i += SPEND_BLOCKS_PER_BATCH) {
    const chunk = heights.slice(i, i + SPEND_BLOCKS_PER_BATCH);
    const hashes = await rpc.getBlockHashes(chunk);
    if (hashes.some((h) => !h)) throw new RetryableError(`spend blocks vanished below tip ${utxos.height}`);
    const got = await rpc.getBlocksV3(hashes as string[]);
    got.forEach((b, k) => blocks.set(chunk[k]!, b));
  }
  const [hNow, tNow] = await rpc.getBlockHashes([H, utxos.height]);
  if (hNow !== blockHash) throw new RetryableError(`block ${H} ${blockHash} is no longer on the main chain`);
  if (tNow !== utxos.hash) throw new RetryableError(`tip ${utxos.height} changed while computing weights as of ${H}`);
  for (const b of blocks.values()) if (b.confirmations < 0) throw new RetryableError(`spend block ${b.height} left the main chain`);
  const current: Coin[] = utxos.utxos.map((u) => ({
    address: u.address, txid: u.txid, vout: u.outputIndex, valueSats: u.satoshis, height: u.height, scriptHex: u.script,
  }));
  const coins = coinsAfterBlock(current, resolveSpentCoins(deltas.deltas, blocks, H), H);
  return {
    weights: weightsFromCoins(coins, delegates, rules),
    stats: { utxos: utxos.utxos.length, deltas: deltas.deltas.length, spendBlocks: blocks.size, tipHeight: utxos.height },
  };
}
