import { contentHash, type NetworkName } from '@ppm/chain';

/** One eligible delegate of a snapshot. */
export interface SnapshotDelegate {
  readonly address: string;
  /** Delegation fee (percent the staker keeps) in effect at H. */
  readonly fee: number;
  /** Rule 5 weight as of H; 0 when nothing qualifies. */
  readonly weightSats: bigint;
}

/** Everything a pool block's snapshot says; hashed canonically (bigints as decimal strings). */
export interface SnapshotContent {
  readonly version: 1;
  readonly network: NetworkName;
  readonly height: number;
  readonly blockHash: string;
  readonly stakerAddress: string;
  readonly rewardSats: bigint;
  /** The rule parameters used, so a later replay can tell a config change from a bug. */
  readonly maturity: number;
  readonly minUtxoSats: bigint;
  readonly requiredFee: number;
  readonly poolWeightSats: bigint;
  /** Sorted by address. */
  readonly delegates: readonly SnapshotDelegate[];
}

/** Builds the content from unsorted delegates; W is derived, never passed, so it cannot disagree. */
export function buildSnapshotContent(args: Omit<SnapshotContent, 'version' | 'poolWeightSats' | 'delegates'> & { delegates: readonly SnapshotDelegate[] }): SnapshotContent {
  const delegates = [...args.delegates].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  let w = 0n;
  for (const d of delegates) w += d.weightSats;
  return { ...args, version: 1, poolWeightSats: w, delegates };
}

/** The JSON object that is hashed (and stored in snapshots.content): amounts as decimal strings. */
export function snapshotContentJson(content: SnapshotContent): Record<string, unknown> {
  return {
    ...content,
    rewardSats: content.rewardSats.toString(),
    minUtxoSats: content.minUtxoSats.toString(),
    poolWeightSats: content.poolWeightSats.toString(),
    delegates: content.delegates.map((d) => ({ address: d.address, fee: d.fee, weightSats: d.weightSats.toString() })),
  };
}

/** sha256 of the canonical JSON of the content. */
export function snapshotHash(content: SnapshotContent): string {
  return contentHash(snapshotContentJson(content));
}
