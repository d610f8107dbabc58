import { decodeAddress, splitReward } from '@ppm/chain';
import type { Db } from '@ppm/ledger';
import type { QtumRpcClient } from '@ppm/qtum-rpc';
import type { Logger } from '@ppm/runtime';
import { DelegationEventCache, createSnapshotterRpc, snapshotBlock, type SnapshotterConfig } from '@ppm/snapshotter';
import type { Progress } from './progress';

/** One disagreement between the chain (recomputed now) and the ledger. */
export interface ReplayDifference {
  readonly height: number;
  readonly what: string;
  readonly ledger: string;
  readonly recomputed: string;
}

/** Options of {@link replayRange}. */
export interface ReplayOptions {
  readonly from: number;
  readonly to: number;
  readonly poolFeeBps: number;
  readonly progress?: Progress;
}

const str = (v: bigint | string | number | null | undefined) => (v === null || v === undefined ? '-' : String(v));

/**
 * Recomputes blocks `from..to` from the chain with the snapshotter's own code (classification, reward,
 * delegations and weights as of H) and the share rule, and compares them with what the ledger holds: the
 * block's hash, kind and reward, each delegate's weight, and the ledger entries the block's current
 * application produced (a block applied again after a reorg, A->B->A, is compared by its last application).
 */
export async function replayRange(db: Db, client: QtumRpcClient, config: SnapshotterConfig, opts: ReplayOptions, log: Logger): Promise<ReplayDifference[]> {
  const rpc = createSnapshotterRpc(client);
  const events = new DelegationEventCache(rpc, decodeAddress(config.PPM_STAKER_ADDRESS, config.PPM_NETWORK).hash160Hex, config.PPM_NETWORK);
  const ctx = { config, rpc, events, log };
  const diffs: ReplayDifference[] = [];
  const diff = (height: number, what: string, ledger: unknown, recomputed: unknown) =>
    diffs.push({ height, what, ledger: str(ledger as string), recomputed: str(recomputed as string) });
  opts.progress?.start(opts.to - opts.from + 1, `replay ${opts.from}..${opts.to}`);
  for (let h = opts.from; h <= opts.to; h++) {
    opts.progress?.update(h - opts.from + 1);
    const nodeHash = await client.getblockhash(h);
    const row = (await db.query<{ hash: string; kind: string | null; reward_sats: string | null; status: string }>(
      'SELECT hash, kind, reward_sats::text, status FROM blocks WHERE height = $1 AND on_main_chain', [h])).rows[0];
    if (!row) {
      diff(h, 'block', 'not in the ledger', nodeHash);
      continue;
    }
    if (row.hash !== nodeHash) {
      diff(h, 'block hash', row.hash, nodeHash);
      continue;
    }
    if (row.status !== 'applied') {
      diff(h, 'status', row.status, 'applied');
      continue;
    }
    const result = await snapshotBlock(ctx, await client.getblock(nodeHash, 3));
    if (row.kind !== result.kind) diff(h, 'kind', row.kind, result.kind);
    const ledgerReward = row.reward_sats === null ? null : BigInt(row.reward_sats);
    if (result.kind !== 'foreign' && ledgerReward !== result.rewardSats) diff(h, 'reward', ledgerReward, result.rewardSats);

    const entries = await db.query<{ kind: string; address: string | null; amount_sats: string }>(
      `SELECT e.kind, e.address, e.amount_sats::text FROM ledger_entries e JOIN blocks b ON b.hash = e.block_hash
        WHERE e.block_hash = $1 AND e.application = greatest(b.application, 1)
          AND e.kind IN ('delegate_share', 'pool_fee', 'unallocated', 'self_revenue')`, [nodeHash]);
    const have = new Map(entries.rows.map((e) => [`${e.kind}:${e.address ?? ''}`, BigInt(e.amount_sats)]));
    const want = new Map<string, bigint>();
    if (result.kind === 'self') want.set('self_revenue:', result.rewardSats);
    if (result.kind === 'pool' && result.snapshot) {
      const stored = await db.query<{ address: string; weight_sats: string; fee: number }>(
        'SELECT address, weight_sats::text, fee FROM snapshot_weights WHERE block_hash = $1', [nodeHash]);
      const storedBy = new Map(stored.rows.map((w) => [w.address, w]));
      for (const d of result.snapshot.content.delegates) {
        const s = storedBy.get(d.address);
        if (!s) diff(h, `delegate ${d.address}`, 'missing from the snapshot', `weight ${d.weightSats}`);
        else {
          if (BigInt(s.weight_sats) !== d.weightSats) diff(h, `weight of ${d.address}`, s.weight_sats, d.weightSats);
          if (s.fee !== d.fee) diff(h, `fee of ${d.address}`, s.fee, d.fee);
          storedBy.delete(d.address);
        }
      }
      for (const extra of storedBy.keys()) diff(h, `delegate ${extra}`, 'in the snapshot', 'not eligible');
      const split = splitReward(result.rewardSats, opts.poolFeeBps, result.snapshot.content.delegates.map((d) => ({ address: d.address, weightSats: d.weightSats })));
      for (const s of split.shares) if (s.shareSats > 0n) want.set(`delegate_share:${s.address}`, s.shareSats);
      if (split.poolFeeSats > 0n) want.set('pool_fee:', split.poolFeeSats);
      if (split.unallocatedSats > 0n) want.set('unallocated:', split.unallocatedSats);
    }
    for (const [key, amount] of want) if (have.get(key) !== amount) diff(h, `entry ${key}`, have.get(key), amount);
    for (const [key, amount] of have) if (!want.has(key)) diff(h, `entry ${key}`, amount, 'none');
  }
  opts.progress?.stop();
  return diffs;
}
