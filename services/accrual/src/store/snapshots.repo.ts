import type { WeightEntry } from '@ppm/chain';
import type { Queryable } from '@ppm/ledger';

/** A stored snapshot of a pool block: R, W and the weights as of H (written by the snapshotter, immutable). */
export interface StoredSnapshot {
  readonly rewardSats: bigint;
  readonly poolWeightSats: bigint;
  readonly weights: WeightEntry[];
}

/** The snapshot of `hash`, or undefined when the snapshotter has not stored one. */
export async function getSnapshot(tx: Queryable, hash: string): Promise<StoredSnapshot | undefined> {
  const s = await tx.query<{ reward_sats: string; pool_weight_sats: string }>(
    'SELECT reward_sats, pool_weight_sats FROM snapshots WHERE block_hash = $1',
    [hash],
  );
  const row = s.rows[0];
  if (!row) return undefined;
  const w = await tx.query<{ address: string; weight_sats: string }>(
    'SELECT address, weight_sats FROM snapshot_weights WHERE block_hash = $1',
    [hash],
  );
  return {
    rewardSats: BigInt(row.reward_sats),
    poolWeightSats: BigInt(row.pool_weight_sats),
    weights: w.rows.map((x) => ({ address: x.address, weightSats: BigInt(x.weight_sats) })),
  };
}
