import { classifyBlock, decodeAddress, delegationsInEffect, encodeAddress, maturityAt, type BlockClassification } from '@ppm/chain';
import type { BlockV3 } from '@ppm/qtum-rpc';
import type { Logger } from '@ppm/runtime';
import type { DelegationEventCache } from '../chain/delegation-event-cache';
import { weightsAsOf } from '../chain/weights-as-of';
import { blockFactsFromBlock } from '../domain/block-facts';
import { buildSnapshotContent, snapshotHash } from '../domain/snapshot-content';
import type { SnapshotterRpc } from '../rpc/snapshotter-rpc';
import type { BlockResult } from '../store/snapshot.repo';
import type { SnapshotterConfig } from '../config';

/** What classifying and snapshotting one block needs. */
export interface SnapshotContext {
  readonly config: SnapshotterConfig;
  readonly rpc: SnapshotterRpc;
  readonly events: DelegationEventCache;
  readonly log: Logger;
}

/** Classifies `block` (rules 2-3) and, for a pool block, computes its snapshot as of H (rules 4-5). */
export async function snapshotBlock(ctx: SnapshotContext, block: BlockV3): Promise<BlockResult> {
  const { config } = ctx;
  const network = config.PPM_NETWORK;
  const cls: BlockClassification = classifyBlock(blockFactsFromBlock(block), config.PPM_STAKER_ADDRESS, network);
  const base = { hash: block.hash, height: block.height, kind: cls.kind, stakerAddress: cls.stakerAddress, rewardSats: cls.rewardSats, blockTime: block.time };
  if (cls.kind !== 'pool') return base;
  const started = Date.now();
  const H = block.height;
  const staker = decodeAddress(config.PPM_STAKER_ADDRESS, network).hash160Hex;
  // Rule 4: events in blocks <= H-1; the latest per delegate wins; eligible iff fee >= requiredFee.
  const events = await ctx.events.eventsThrough(H - 1);
  const eligible = delegationsInEffect(events, staker, H)
    .filter((d) => d.fee >= config.PPM_REQUIRED_FEE)
    .map((d) => ({ address: encodeAddress(d.delegateHash160, network), fee: d.fee }));
  const rules = { height: H, maturity: maturityAt(network, H), minUtxoSats: config.PPM_MIN_UTXO_SATS, network };
  const { weights, stats } = await weightsAsOf(ctx.rpc, eligible.map((d) => d.address), block.hash, rules);
  const content = buildSnapshotContent({
    network,
    height: H,
    blockHash: block.hash,
    stakerAddress: config.PPM_STAKER_ADDRESS,
    rewardSats: cls.rewardSats,
    maturity: rules.maturity,
    minUtxoSats: rules.minUtxoSats,
    requiredFee: config.PPM_REQUIRED_FEE,
    delegates: eligible.map((d) => ({ ...d, weightSats: weights.get(d.address) ?? 0n })),
  });
  const hash = snapshotHash(content);
  ctx.log.info(
    { height: H, hash: block.hash, delegates: content.delegates.length, poolWeightSats: content.poolWeightSats.toString(), ...stats, ms: Date.now() - started },
    'pool block snapshot computed',
  );
  return { ...base, snapshot: { content, contentHash: hash } };
}
