import { classifyBlock, decodeAddress, delegationsInEffect, encodeAddress, maturityAt, type BlockClassification } from '@ppm/chain';
import type { BlockV3 } from '@ppm/qtum-rpc';
import type { Logger } from '@ppm/runtime';
import type { DelegationEventCache } from '../chain/delegation-event-cache';
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
 * ({@link readCoinSweep} from the lowest pool height), then the sweep gives each pool block's weights in height
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
  const { sweep, stats } = await readCoinSweep(ctx.rpc, [...union], pools[0]!.height, rules, pools.map((b) => ({ height: b.height, hash: b.hash })));
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
