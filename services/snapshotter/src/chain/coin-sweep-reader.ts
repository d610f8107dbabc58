import type { NetworkName } from '@ppm/chain';
import { RetryableError } from '@ppm/runtime';
import type { BlockV3 } from '@ppm/qtum-rpc';
import type { Coin, SpentCoin } from '../domain/coins-as-of';
import { resolveSpentCoins, spendHeights } from '../domain/spent-coins';
import { sweepCoins, WeightSweep, type SweepCoin } from '../domain/weight-sweep';
import type { SnapshotterRpc } from '../rpc/snapshotter-rpc';

/**
 * Items (UTXOs + deltas) aimed at per address-index reply. A JSON item is ~250 bytes, so ~5 MB of reply text;
 * the address chunk is sized from the previous chunk's items per address.
 */
export const REPLY_ITEM_BUDGET = 20_000;
/** First address chunk, before any reply told how many items an address has. */
const FIRST_ADDRESS_CHUNK = 1_000;
/** Spending blocks per getblock … 3 batch; each block is reduced to the spent coins at once, then dropped. */
const SPEND_BLOCKS_PER_BATCH = 25;
/** Heights per getblockhash batch when checking the anchors. */
const HASHES_PER_BATCH = 1_000;

/** A (height, hash) the answers must still agree with at the end (pool blocks of the run, the tips read at). */
export interface ChainAnchor {
  readonly height: number;
  readonly hash: string;
}

/** What reading one run cost, for logs and the benchmarks. */
export interface SweepStats {
  readonly addresses: number;
  readonly chunks: number;
  readonly utxos: number;
  readonly deltas: number;
  readonly spends: number;
  readonly spendBlocks: number;
  readonly tipHeight: number;
}

/**
 * Reads what rule 5 needs for every height >= `fromHeight` of the addresses `delegates`, once for a whole run
 * of pool blocks, and returns a {@link WeightSweep} over it. Per chunk of addresses (sized by reply items):
 * 1. one multi-address getaddressutxos with chainInfo: today's coins and the tip T_c they reflect;
 * 2. one getaddressdeltas over [fromHeight, T_c]; only the spends (negative deltas) are kept;
 * 3. the blocks holding those spends, `getblock … 3` in small batches, each reduced at once to the outpoint and
 *    prevout (creation height, value, script) of the spent inputs, then dropped;
 * 4. {@link sweepCoins} keeps the coins that can count (compact: address, value, heights).
 * Cost O(coins + deltas + spend blocks) for the run, whatever the number of pool blocks in it. Chunks may see
 * different tips: each chunk is exact as of its own T_c, and every T_c and every `anchors` hash must still be
 * on the main chain after the reads (otherwise the chain moved under us: RetryableError, the caller retries).
 */
export async function readCoinSweep(
  rpc: SnapshotterRpc,
  delegates: readonly string[],
  fromHeight: number,
  rules: { readonly minUtxoSats: bigint; readonly network: NetworkName },
  anchors: readonly ChainAnchor[],
): Promise<{ sweep: WeightSweep; stats: SweepStats }> {
  const addresses = [...new Set(delegates)].sort();
  const interned = new Map(addresses.map((a) => [a, a]));
  const intern = (a: string) => interned.get(a) ?? a;
  const coins: SweepCoin[] = [];
  const { stats, tips } = await readCoinChunks(rpc, addresses, fromHeight, (c) => {
    for (const coin of sweepCoins(c.current, c.spent, fromHeight, rules, intern)) coins.push(coin);
  });
  await confirmAnchors(rpc, [...anchors, ...tips]);
  return { sweep: new WeightSweep(coins), stats };
}

/** What one chunk of a full read gives: today's coins at the chunk's tip and the spends in [fromHeight, tip]. */
export interface CoinChunk {
  readonly addresses: readonly string[];
  readonly tip: ChainAnchor;
  readonly current: readonly Coin[];
  readonly spent: readonly SpentCoin[];
}

/**
 * Steps 1-3 of {@link readCoinSweep} for `addresses` (sorted, distinct), chunk by chunk; `onChunk` reduces each
 * chunk at once (only its result is kept). The caller must still {@link confirmAnchors} the returned tips.
 */
export async function readCoinChunks(
  rpc: SnapshotterRpc,
  addresses: readonly string[],
  fromHeight: number,
  onChunk: (chunk: CoinChunk) => void,
): Promise<{ stats: SweepStats; tips: ChainAnchor[] }> {
  const tips: ChainAnchor[] = [];
  const stats = { addresses: addresses.length, chunks: 0, utxos: 0, deltas: 0, spends: 0, spendBlocks: 0, tipHeight: fromHeight };
  let chunkSize = FIRST_ADDRESS_CHUNK;
  // One chunk's getaddressutxos is requested ahead, while the previous chunk is read and swept, so the node
  // builds a reply while we parse one; it is sized from the chunks seen so far.
  const request = (from: number) => {
    const chunk = addresses.slice(from, from + chunkSize);
    return { chunk, utxos: rpc.getAddressUtxos(chunk) };
  };
  let ahead = addresses.length > 0 ? request(0) : undefined;
  try {
    for (let i = 0; ahead !== undefined;) {
      const { chunk } = ahead;
      const utxos = await ahead.utxos;
      i += chunk.length;
      ahead = i < addresses.length ? request(i) : undefined;
      const deltas = await rpc.getAddressDeltas(chunk, fromHeight, utxos.height);
      if (deltas.end.hash !== utxos.hash || deltas.end.height !== utxos.height) {
        throw new RetryableError(`tip moved between getaddressutxos (${utxos.height}) and getaddressdeltas (${deltas.end.height})`);
      }
      const tip = { height: utxos.height, hash: utxos.hash };
      tips.push(tip);
      const spends = deltas.deltas.filter((d) => d.satoshis < 0n && d.height >= fromHeight);
      const current: Coin[] = utxos.utxos.map((u) => ({
        address: u.address, txid: u.txid, vout: u.outputIndex, valueSats: u.satoshis, height: u.height, scriptHex: u.script,
      }));
      const spent: SpentCoin[] = [];
      stats.spendBlocks += await readBlocksAt(rpc, spendHeights(spends, fromHeight), (blocks, first, last) => {
        spent.push(...resolveSpentCoins(spends.filter((d) => d.height >= first && d.height <= last), blocks, fromHeight));
      });
      onChunk({ addresses: chunk, tip, current, spent });
      const items = utxos.utxos.length + deltas.deltas.length;
      stats.chunks++;
      stats.utxos += utxos.utxos.length;
      stats.deltas += deltas.deltas.length;
      stats.spends += spends.length;
      stats.tipHeight = Math.max(stats.tipHeight, utxos.height);
      chunkSize = Math.max(1, Math.min(addresses.length, Math.floor(REPLY_ITEM_BUDGET / Math.max(1, items / chunk.length))));
    }
  } finally {
    // A chunk requested ahead and not awaited (an error above): its failure must not go unhandled.
    ahead?.utxos.catch(() => undefined);
  }
  return { stats, tips };
}

/**
 * Reads the main-chain blocks at `heights` (ascending, distinct) at verbosity 3, {@link SPEND_BLOCKS_PER_BATCH}
 * at a time, and hands each batch to `reduce` (height -> block, first and last height of the batch) before the
 * next is read, so only one batch is held. Returns the number of blocks read.
 */
export async function readBlocksAt(
  rpc: SnapshotterRpc,
  heights: readonly number[],
  reduce: (blocks: ReadonlyMap<number, BlockV3>, first: number, last: number) => void,
): Promise<number> {
  for (let i = 0; i < heights.length; i += SPEND_BLOCKS_PER_BATCH) {
    const chunk = heights.slice(i, i + SPEND_BLOCKS_PER_BATCH);
    const hashes = await rpc.getBlockHashes(chunk);
    if (hashes.some((h) => !h)) throw new RetryableError(`blocks vanished below the tip (heights ${chunk[0]}..${chunk.at(-1)})`);
    const blocks = new Map<number, BlockV3>();
    (await rpc.getBlocksV3(hashes as string[])).forEach((b, k) => {
      if (b.confirmations < 0) throw new RetryableError(`block ${b.height} left the main chain while being read`);
      blocks.set(chunk[k]!, b);
    });
    reduce(blocks, chunk[0]!, chunk.at(-1)!);
  }
  return heights.length;
}

/** Every anchor's height still holds its hash on the node's main chain (else RetryableError). */
export async function confirmAnchors(rpc: SnapshotterRpc, anchors: readonly ChainAnchor[]): Promise<void> {
  const unique = [...new Map(anchors.map((a) => [`${a.height}:${a.hash}`, a])).values()];
  for (let i = 0; i < unique.length; i += HASHES_PER_BATCH) {
    const chunk = unique.slice(i, i + HASHES_PER_BATCH);
    const now = await rpc.getBlockHashes(chunk.map((a) => a.height));
    chunk.forEach((a, k) => {
      if (now[k] !== a.hash) throw new RetryableError(`block ${a.height} ${a.hash} is no longer on the main chain`);
    });
  }
}
