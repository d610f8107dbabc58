import type { AddressDelta } from '@ppm/qtum-rpc';
import { RetryableError } from '@ppm/runtime';
import type { Coin, SpentCoin } from '../domain/coins-as-of';
import { CoinSet, type CoinRules } from '../domain/coin-set';
import { resolveCreatedCoins, resolveSpentCoins } from '../domain/spent-coins';
import { WeightSweep } from '../domain/weight-sweep';
import type { SnapshotterRpc } from '../rpc/snapshotter-rpc';
import { confirmAnchors, readBlocksAt, readCoinChunks, type ChainAnchor, type SweepStats } from './coin-sweep-reader';

/** Addresses per getaddressdeltas call when bringing cached coins forward (the window is short: small replies). */
const WINDOW_ADDRESS_CHUNK = 2_500;

/** Why a run did (not) use the cached coins. */
export type CacheUse = 'hit' | 'empty' | 'anchor-left-main-chain' | 'below-floor';

/** What one cached run cost: the full read of new addresses ({@link SweepStats}) and the window read. */
export interface CoinCacheStats extends SweepStats {
  readonly use: CacheUse;
  /** Addresses served from the cache (the rest, `addresses`, were read in full). */
  readonly cachedAddresses: number;
  /** Address deltas and blocks read to bring the coins to the run's tip. */
  readonly windowDeltas: number;
  readonly windowBlocks: number;
  /** The cache after the run. */
  readonly cacheCoins: number;
  readonly cacheBytes: number;
}

interface CachedCoins {
  readonly set: CoinSet;
  /** The tip the set is exact at. */
  readonly tip: ChainAnchor;
  /** Spends at heights >= floor are held: runs from `floor` on can be served. */
  readonly floor: number;
}

/** A part of the coins with the tip it is exact at. */
interface Part {
  set: CoinSet;
  tip: ChainAnchor;
}

/**
 * The delegates' countable coins kept in the process between pool-block runs, so a run reads only what changed.
 *
 * State: a {@link CoinSet} of the delegate addresses of the last run, exact at tip (T, hash_T): the coins unspent
 * at T, and those spent in [floor, T] with their spend height, where floor = the last run's lowest pool height.
 * A run for pool heights >= H with delegates D:
 * 1. the cache is used iff hash_T is still the main-chain hash at T and H >= floor (a run never starts below
 *    the previous one except after a reorg or a failed commit; then, and when empty, the run reads in full);
 * 2. addresses of D not covered are read in full (getaddressutxos + deltas from H, {@link readCoinChunks});
 *    covered addresses not in D are dropped;
 * 3. every part is brought to one target tip T1 (>= the node's tip when the run started): getaddressdeltas over
 *    [T+1, T1], the blocks holding those deltas read once (verbosity 3): spends are resolved by the inputs'
 *    prevouts, new coins by the creating outputs' scripts, filtered as {@link sweepCoins} does;
 * 4. every pool anchor, every tip read at and (T1, hash_T1) are confirmed on the main chain after the reads;
 * 5. the sweep gets the unspent coins + those spent at heights >= H; the cache becomes the set at T1 with
 *    floor H (spends below H dropped).
 * The cache is taken out at the start of a run and put back only when the run's reads all agree, so a chain
 * that moved (RetryableError), an inconsistent answer or a crash leaves no cache: the next run reads in full.
 */
export class CoinCache {
  private cached: CachedCoins | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly rpc: SnapshotterRpc,
    private readonly rules: CoinRules,
  ) {}

  /** Whether coins are held. */
  get warm(): boolean {
    return this.cached !== undefined;
  }

  /** The {@link WeightSweep} for a run of pool blocks at heights >= `fromHeight` (the anchors) of `delegates`. */
  async sweep(delegates: readonly string[], fromHeight: number, anchors: readonly ChainAnchor[]): Promise<{ sweep: WeightSweep; stats: CoinCacheStats }> {
    const { set, stats } = await this.serial(() => this.read(delegates, fromHeight, anchors));
    return { sweep: new WeightSweep(set.sweepCoins(fromHeight)), stats };
  }

  /** Fills the cache for `delegates` with spends from `fromHeight` (before the first pool block of a run). */
  async fill(delegates: readonly string[], fromHeight: number): Promise<CoinCacheStats> {
    return (await this.serial(() => this.read(delegates, fromHeight, []))).stats;
  }

  /** Forgets the coins. */
  drop(): void {
    this.cached = undefined;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(fn);
    this.queue = run;
    return run;
  }

  private async read(delegates: readonly string[], fromHeight: number, anchors: readonly ChainAnchor[]) {
    const wanted = new Set(delegates);
    const old = this.cached;
    this.cached = undefined;
    const tipNow = await this.rpc.getBlockCount();
    let use: CacheUse = 'empty';
    if (old) {
      const [hash] = await this.rpc.getBlockHashes([old.tip.height]);
      use = hash !== old.tip.hash ? 'anchor-left-main-chain' : fromHeight < old.floor ? 'below-floor' : 'hit';
    }
    const parts: Part[] = [];
    const reused = use === 'hit' && old ? old.set.restrict(wanted) : undefined;
    if (reused && old) parts.push({ set: reused, tip: old.tip });
    const covered = new Set(reused?.addresses ?? []);
    const missing = [...wanted].filter((a) => !covered.has(a)).sort();
    const full = await readCoinChunks(this.rpc, missing, fromHeight, (c) => {
      parts.push({ set: CoinSet.fromRead(c.addresses, c.current, c.spent, fromHeight, this.rules), tip: c.tip });
    });
    const readTips = parts.map((p) => p.tip);
    const target = Math.max(tipNow, ...readTips.map((t) => t.height));
    let window = { deltas: 0, blocks: 0 };
    for (const p of parts) {
      if (p.tip.height >= target) continue;
      const r = await this.advance(p, target);
      window = { deltas: window.deltas + r.deltas, blocks: window.blocks + r.blocks };
    }
    const end = parts[0]?.tip ?? { height: target, hash: (await this.rpc.getBlockHashes([target]))[0] ?? '' };
    if (!end.hash) throw new RetryableError(`no block at height ${target} any more`);
    await confirmAnchors(this.rpc, [...anchors, ...readTips, ...parts.map((p) => p.tip), end]);
    const set = CoinSet.merge(parts.map((p) => p.set)).prune(fromHeight);
    this.cached = { set, tip: end, floor: fromHeight };
    const stats: CoinCacheStats = {
      ...full.stats, tipHeight: target, use, cachedAddresses: covered.size, windowDeltas: window.deltas, windowBlocks: window.blocks,
      cacheCoins: set.size, cacheBytes: set.bytes,
    };
    return { set, stats };
  }

  /** Brings `p` from its tip T to `target` (> T): deltas over [T+1, target], their blocks read once. */
  private async advance(p: Part, target: number): Promise<{ deltas: number; blocks: number }> {
    const from = p.tip.height + 1;
    const deltas: AddressDelta[] = [];
    let end: ChainAnchor | undefined;
    for (let i = 0; i < p.set.addresses.length; i += WINDOW_ADDRESS_CHUNK) {
      const r = await this.rpc.getAddressDeltas(p.set.addresses.slice(i, i + WINDOW_ADDRESS_CHUNK), from, target);
      if (r.end.height !== target || (end && r.end.hash !== end.hash)) {
        throw new RetryableError(`the chain moved while reading address deltas up to ${target}`);
      }
      end = r.end;
      for (const d of r.deltas) if (d.height >= from && d.height <= target) deltas.push(d);
    }
    if (!end) {
      const [hash] = await this.rpc.getBlockHashes([target]);
      if (!hash) throw new RetryableError(`no block at height ${target} any more`);
      end = { height: target, hash };
    }
    deltas.sort((a, b) => a.height - b.height);
    const heights = [...new Set(deltas.map((d) => d.height))];
    const created: Coin[] = [];
    const spent: SpentCoin[] = [];
    let k = 0;
    const blocks = await readBlocksAt(this.rpc, heights, (byHeight, _first, last) => {
      const start = k;
      while (k < deltas.length && deltas[k]!.height <= last) k++;
      const batch = deltas.slice(start, k);
      spent.push(...resolveSpentCoins(batch, byHeight, from));
      created.push(...resolveCreatedCoins(batch, byHeight));
    });
    // The window's answers are checked against the set (a spent coin must be held or new); a mismatch means the
    // node's answers and the cache disagree: retry from a full read rather than trust either.
    try {
      p.set = p.set.advance(created, spent, this.rules);
    } catch (err) {
      throw new RetryableError(`cached coins disagree with the blocks ${from}..${target}: ${(err as Error).message}`, { cause: err });
    }
    p.tip = end;
    return { deltas: deltas.length, blocks };
  }
}
