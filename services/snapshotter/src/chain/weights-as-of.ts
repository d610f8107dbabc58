import type { WeightRules } from '../domain/coins-as-of';
import type { SnapshotterRpc } from '../rpc/snapshotter-rpc';
import { readCoinSweep, type SweepStats } from './coin-sweep-reader';

/**
 * Rule 5 weights of `delegates` as of ONE block `height` (hash `blockHash`), exact whatever happened since: the
 * run reader ({@link readCoinSweep}) with a single height. Every delegate gets an entry (0 when nothing
 * counts). For a run of pool blocks use {@link readCoinSweep} once and ask its sweep at each height.
 * Throws RetryableError when the chain moved under the reads (the block or a tip read at left the main chain).
 */
export async function weightsAsOf(
  rpc: SnapshotterRpc,
  delegates: readonly string[],
  blockHash: string,
  rules: WeightRules,
): Promise<{ weights: Map<string, bigint>; stats: SweepStats }> {
  const H = rules.height;
  if (delegates.length === 0) {
    return { weights: new Map(), stats: { addresses: 0, chunks: 0, utxos: 0, deltas: 0, spends: 0, spendBlocks: 0, tipHeight: H } };
  }
  const { sweep, stats } = await readCoinSweep(rpc, delegates, H, rules, [{ height: H, hash: blockHash }]);
  return { weights: sweep.weightsAt(H, rules.maturity, delegates), stats };
}
