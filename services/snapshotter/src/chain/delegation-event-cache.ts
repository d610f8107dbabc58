import { compareEvents, type DelegationEvent, NETWORKS, type NetworkName } from '@ppm/chain';
import { RetryableError } from '@ppm/runtime';
import type { SnapshotterRpc } from '../rpc/snapshotter-rpc';

/** A height up to which events were fetched, with the hash it had then: proves the cache is still on the main chain. */
interface Checkpoint {
  readonly height: number;
  readonly hash: string;
}

/** Blocks per searchlogs call. */
const SEARCH_CHUNK_BLOCKS = 250_000;

/** How many checkpoints to keep (each pool block adds at most one); older ones only help after absurdly deep reorgs. */
const MAX_CHECKPOINTS = 256;

/**
 * The delegation contract's events, fetched incrementally with searchlogs and kept in memory. Only events that
 * can matter to S are kept: those naming S, and any later event of a delegate that once named S (re-delegation
 * to another staker ends the delegation to S, rule 4).
 *
 * Reorgs: each extension records a checkpoint (height, hash). Before use the newest checkpoint is compared with
 * the node; on a mismatch the cache rewinds to the newest checkpoint still on the main chain (or to the start).
 */
export class DelegationEventCache {
  private events: DelegationEvent[] = [];
  private readonly knownDelegates = new Set<string>();
  private checkpoints: Checkpoint[] = [];
  private scannedTo: number;
  private readonly startHeight: number;

  constructor(
    private readonly rpc: SnapshotterRpc,
    private readonly stakerHash160: string,
    network: NetworkName,
  ) {
    this.startHeight = NETWORKS[network].offlineStakeHeight;
    this.scannedTo = this.startHeight - 1;
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Events in blocks <= `height` (main chain), in chain order. Calls are serialised (the cache mutates). */
  eventsThrough(height: number): Promise<DelegationEvent[]> {
    const run = this.queue.catch(() => undefined).then(async () => {
      await this.verify();
      if (height > this.scannedTo) await this.extend(height);
      return this.events.filter((e) => e.blockNumber <= height);
    });
    this.queue = run;
    return run;
  }

  private async verify(): Promise<void> {
    const last = this.checkpoints.at(-1);
    if (!last) return;
    const [now] = await this.rpc.getBlockHashes([last.height]);
    if (now === last.hash) return;
    const hashes = await this.rpc.getBlockHashes(this.checkpoints.map((c) => c.height));
    let keep = 0;
    for (let i = this.checkpoints.length - 1; i >= 0; i--) {
      if (hashes[i] === this.checkpoints[i]!.hash) {
        keep = i + 1;
        break;
      }
    }
    this.rewind(keep);
  }

  private rewind(keepCheckpoints: number): void {
    this.checkpoints = this.checkpoints.slice(0, keepCheckpoints);
    this.scannedTo = this.checkpoints.at(-1)?.height ?? this.startHeight - 1;
    this.events = this.events.filter((e) => e.blockNumber <= this.scannedTo);
    this.knownDelegates.clear();
    const s = this.stakerHash160;
    for (const e of this.events) if (e.stakerHash160 === s) this.knownDelegates.add(e.delegateHash160);
  }

  private async extend(height: number): Promise<void> {
    const from = this.scannedTo + 1;
    const [before] = await this.rpc.getBlockHashes([height]);
    const fetched: DelegationEvent[] = [];
    // Bounded ranges: the first fill on mainnet spans millions of blocks.
    for (let lo = from; lo <= height; lo += SEARCH_CHUNK_BLOCKS) {
      fetched.push(...(await this.rpc.getDelegationEvents(lo, Math.min(height, lo + SEARCH_CHUNK_BLOCKS - 1))));
    }
    const [after] = await this.rpc.getBlockHashes([height]);
    // A reorg between the two hash reads could mix branches in the searchlogs answer: retry later.
    if (!before || before !== after) throw new RetryableError(`chain changed at height ${height} while reading delegation events`);
    const s = this.stakerHash160;
    for (const e of [...fetched].sort(compareEvents)) {
      if (e.blockNumber < from || e.blockNumber > height) continue;
      if (e.stakerHash160 === s) this.knownDelegates.add(e.delegateHash160);
      else if (!this.knownDelegates.has(e.delegateHash160)) continue;
      this.events.push(e);
    }
    this.scannedTo = height;
    this.checkpoints.push({ height, hash: before });
    if (this.checkpoints.length > MAX_CHECKPOINTS) this.checkpoints.splice(0, this.checkpoints.length - MAX_CHECKPOINTS);
  }
}
