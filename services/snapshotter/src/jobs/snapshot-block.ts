import { classifyBlock, decodeAddress, delegationsInEffect, encodeAddress, maturityAt, type BlockClassification } from '@ppm/chain';
import type { BlockV3 } from '@ppm/qtum-rpc';
import type { Logger } from '@ppm/runtime';
import type { DelegationEventCache } from '../chain/delegation-event-cache';
import type { CoinCache } from '../chain/coin-cache';
import { readCoinSweep } from '../chain/coin-sweep-reader';
import { blockFactsFromBlock } from '../domain/block-facts';
import { buildSnapshotContent, snapshotHash } from '../domain/snapshot-content';
import type { SnapshotterRpc } from '../rpc/snapshotter-rpc';
import type { BlockResult } from '../store/snapshot.repo';
import type { SnapshotterConfig } from '../config';

/** What classifying and snapshotting blocks needs. */
export interface SnapshotContext {
  readonly config: SnapshotterConfig;
  readonly rpc: SnapshotterRpc;
  readonly events: DelegationEventCache;
  readonly log: Logger;
  /** Coins kept between runs (the snapshotter process); without it every run reads its coins in full (replay). */
  readonly coins?: CoinCache;
}

/** A classified block (rules 2-3) without its snapshot: a few fields, cheap to hold for a long catch-up. */
export type ClassifiedBlock = Omit<BlockResult, 'snapshot'>;

/** Classifies `block` (rules 2-3); nothing of the block itself is kept. */
export function classifyOne(config: SnapshotterConfig, block: BlockV3): ClassifiedBlock {
  const cls: BlockClassification = classifyBlock(blockFactsFromBlock(block), config.PPM_STAKER_ADDRESS, config.PPM_NETWORK);
  return { hash: block.hash, height: block.height, kind: cls.kind, stakerAddress: cls.stakerAddress, rewardSats: cls.rewardSats, blockTime: block.time };
}

/**
 * Rule 4: the delegations of S in effect at H (events in blocks <= H-1, latest per delegate) with fee >=
 * requiredFee. `addressOf` memoises hash160 -> address across the blocks of a run (base58 is not free).
 */
export async function eligibleAt(
  ctx: SnapshotContext,
  height: number,
  addressOf: Map<string, string> = new Map(),
): Promise<{ address: string; fee: number }[]> {
  const network = ctx.config.PPM_NETWORK;
  const staker = decodeAddress(ctx.config.PPM_STAKER_ADDRESS, network).hash160Hex;
  const events = await ctx.events.eventsThrough(height - 1);
  const encode = (h160: string) => {
    let a = addressOf.get(h160);
    if (a === undefined) {
      a = encodeAddress(h160, network);
      addressOf.set(h160, a);
    }
    return a;
  };
  return delegationsInEffect(events, staker, height)
    .filter((d) => d.fee >= ctx.config.PPM_REQUIRED_FEE)
    .map((d) => ({ address: encode(d.delegateHash160), fee: d.fee }));
}

/**
 * Snapshots a run of classified blocks (ascending heights) and yields them in order, pool blocks with their
 * snapshot as of H (rules 4-5). The coins of every delegate eligible at any pool block of the run are read ONCE
 * (from the lowest pool height: {@link CoinCache} when the context has one, which reads only what changed since
 * the previous run, else {@link readCoinSweep}), then the sweep gives each pool block's weights in height
 * order: the cost is that of the run's coins, deltas and spends, not of one read per pool block. Results are
 * produced lazily, so the caller can commit them in chunks while only the sweep's compact coins stay in memory.
 */
export async function* snapshotRun(ctx: SnapshotContext, blocks: readonly ClassifiedBlock[]): AsyncGenerator<BlockResult> {
  const { config } = ctx;
  const network = config.PPM_NETWORK;
  const pools = blocks.filter((b) => b.kind === 'pool');
  if (pools.length === 0) {
    yield* blocks;
    return;
  }
  const started = Date.now();
  const addressOf = new Map<string, string>();
  const union = new Set<string>();
  for (const b of pools) for (const d of await eligibleAt(ctx, b.height, addressOf)) union.add(d.address);
  const rules = { minUtxoSats: config.PPM_MIN_UTXO_SATS, network };
  const anchors = pools.map((b) => ({ height: b.height, hash: b.hash }));
  const { sweep, stats } = ctx.coins
    ? await ctx.coins.sweep([...union], pools[0]!.height, anchors)
    : await readCoinSweep(ctx.rpc, [...union], pools[0]!.height, rules, anchors);
  ctx.log.info({ from: pools[0]!.height, to: pools.at(-1)!.height, poolBlocks: pools.length, ...stats, ms: Date.now() - started }, 'coins of a pool-block run read');
  for (const b of blocks) {
    if (b.kind !== 'pool') {
      yield b;
      continue;
    }
    const H = b.height;
    const eligible = await eligibleAt(ctx, H, addressOf);
    const maturity = maturityAt(network, H);
    const weights = sweep.weightsAt(H, maturity, eligible.map((d) => d.address));
    const content = buildSnapshotContent({
      network, height: H, blockHash: b.hash, stakerAddress: config.PPM_STAKER_ADDRESS, rewardSats: b.rewardSats,
      maturity, minUtxoSats: config.PPM_MIN_UTXO_SATS, requiredFee: config.PPM_REQUIRED_FEE,
      delegates: eligible.map((d) => ({ ...d, weightSats: weights.get(d.address) ?? 0n })),
    });
    ctx.log.debug({ height: H, hash: b.hash, delegates: content.delegates.length, poolWeightSats: content.poolWeightSats.toString() }, 'pool block snapshot computed');
    yield { ...b, snapshot: { content, contentHash: snapshotHash(content) } };
  }
}

/** Classifies `block` (rules 2-3) and, for a pool block, computes its snapshot as of H (rules 4-5). */
export async function snapshotBlock(ctx: SnapshotContext, block: BlockV3): Promise<BlockResult> {
  for await (const r of snapshotRun(ctx, [classifyOne(ctx.config, block)])) return r;
  throw new Error('unreachable: a run of one block yields one result');
}

/**
 * Fills an empty coin cache for the delegates eligible at the next height to snapshot, so the next pool block
 * reads only the blocks since (the cache is empty after a start, a reorg or a failed run). Nothing to do when
 * there is no cache, it is warm, or no block is known yet.
 */
export async function warmCoins(ctx: SnapshotContext, nextHeight: number | null): Promise<void> {
  if (!ctx.coins || ctx.coins.warm || nextHeight === null) return;
  if (nextHeight > (await ctx.rpc.getBlockCount())) return;
  const started = Date.now();
  const eligible = await eligibleAt(ctx, nextHeight);
  const stats = await ctx.coins.fill(eligible.map((d) => d.address), nextHeight);
  ctx.log.info({ from: nextHeight, ...stats, ms: Date.now() - started }, 'delegate coins cached');
}
