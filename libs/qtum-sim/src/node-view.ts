/** Options of {@link NodeView.reindex}. */
export interface ReindexOptions {
  /** How long every RPC answers -28 first ("Loading block index…", then "Loading wallet…"); default 5,000 ms as measured. */
  readonly warmupMs?: number;
  /** Height the active chain restarts from after the warm-up (default 0). */
  readonly fromHeight?: number;
  /** Blocks the active chain climbs per second (default 0: it climbs only by {@link NodeView.setActiveHeight} or `catchUp`). */
  readonly blocksPerSec?: number;
}

/** Options of {@link NodeView.fallBehind}. */
export interface FallBehindOptions {
  /** getblockchaininfo.initialblockdownload while behind (default true: a reindexing or catching-up node). */
  readonly initialBlockDownload?: boolean;
  /** After this long the node is back at the tip (default: until `catchUp()`). */
  readonly forMs?: number;
  /** Blocks the active chain climbs per second meanwhile (default 0). */
  readonly blocksPerSec?: number;
}

interface Lag {
  readonly fromHeight: number;
  readonly sinceMs: number;
  readonly blocksPerSec: number;
  readonly untilMs: number | undefined;
  readonly ibd: boolean;
}

/**
 * How far the simulated node's ACTIVE chain reaches, as qtumd 27.1 shows it during a `-reindex`, a catch-up or
 * on a lagging node (measured on a real regtest node, fixtures README): first -28 for a few seconds, then
 * `getblockcount` restarting low and climbing, -8 from `getblockhash` above it, `initialblockdownload` true,
 * `verificationprogress` staying at 1 and `headers` equal to `blocks`. The chain itself (`SimChain`) is not
 * touched: blocks mined meanwhile are there when the node is back.
 */
export class NodeView {
  private warmupUntilMs = 0;
  private warmupStartMs = 0;
  private lag: Lag | undefined;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Restarts the node with -reindex: warm-up, then the active chain from `fromHeight`, climbing. */
  reindex(opts: ReindexOptions = {}): void {
    const now = this.clock();
    this.warmupStartMs = now;
    this.warmupUntilMs = now + (opts.warmupMs ?? 5_000);
    this.lag = { fromHeight: opts.fromHeight ?? 0, sinceMs: this.warmupUntilMs, blocksPerSec: opts.blocksPerSec ?? 0, untilMs: undefined, ibd: true };
  }

  /** Puts the active chain `blocks` below the tip (a lagging, reindexing or replaced node). */
  fallBehind(tipHeight: number, blocks: number, opts: FallBehindOptions = {}): void {
    if (!Number.isInteger(blocks) || blocks < 0 || blocks > tipHeight) throw new Error(`bad fallBehind ${blocks} at tip ${tipHeight}`);
    const now = this.clock();
    this.lag = {
      fromHeight: tipHeight - blocks, sinceMs: now, blocksPerSec: opts.blocksPerSec ?? 0,
      untilMs: opts.forMs === undefined ? undefined : now + opts.forMs, ibd: opts.initialBlockDownload ?? true,
    };
  }

  /** Sets the active chain's height (a manual climb); at or above the tip the node is caught up. */
  setActiveHeight(height: number): void {
    const l = this.lag;
    this.lag = { fromHeight: height, sinceMs: this.clock(), blocksPerSec: l?.blocksPerSec ?? 0, untilMs: l?.untilMs, ibd: l?.ibd ?? true };
  }

  /** Back to normal at once: warm-up over, the whole chain active, out of initial block download. */
  catchUp(): void {
    this.lag = undefined;
    this.warmupUntilMs = 0;
  }

  /** The -28 message while warming up, else undefined. */
  warmupMessage(): string | undefined {
    const now = this.clock();
    if (now >= this.warmupUntilMs) return undefined;
    return now - this.warmupStartMs < (this.warmupUntilMs - this.warmupStartMs) / 2 ? 'Loading block index…' : 'Loading wallet…';
  }

  /** Height of the active chain given the chain's tip. */
  activeHeight(tipHeight: number): number {
    const l = this.current(tipHeight);
    if (!l) return tipHeight;
    const climbed = l.blocksPerSec > 0 ? Math.floor(((this.clock() - l.sinceMs) / 1_000) * l.blocksPerSec) : 0;
    return Math.min(tipHeight, l.fromHeight + Math.max(0, climbed));
  }

  /** getblockchaininfo.initialblockdownload. */
  initialBlockDownload(tipHeight: number): boolean {
    return this.current(tipHeight)?.ibd ?? false;
  }

  /** True while the active chain is below the tip (or in warm-up). */
  isBehind(tipHeight: number): boolean {
    return this.current(tipHeight) !== undefined;
  }

  private current(tipHeight: number): Lag | undefined {
    const l = this.lag;
    if (!l) return undefined;
    const now = this.clock();
    const climbed = l.blocksPerSec > 0 ? Math.floor(((now - l.sinceMs) / 1_000) * l.blocksPerSec) : 0;
    if ((l.untilMs !== undefined && now >= l.untilMs) || (now >= this.warmupUntilMs && l.fromHeight + Math.max(0, climbed) >= tipHeight)) {
      this.lag = undefined;
      return undefined;
    }
    return l;
  }
}
