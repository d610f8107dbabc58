import { decodeAddress } from '@ppm/chain';
import type { Queryable } from '@ppm/ledger';
import type { QtumRpcClient } from '@ppm/qtum-rpc';
import type { Logger } from '@ppm/runtime';
import { DelegationEventCache, createSnapshotterRpc, snapshotBlock, type SnapshotterConfig } from '@ppm/snapshotter';
import { recordedTerms } from '../recorded-terms';

/** What `ppm verify share HEIGHT ADDRESS` found; `ok` only when every check passed. */
export interface ShareVerification {
  readonly ok: boolean;
  readonly height: number;
  readonly blockHash: string;
  readonly address: string;
  /** Recomputed from the node alone, with the snapshotter's own code. */
  readonly recomputed: { weightSats: string; poolWeightSats: string; rewardSats: string; poolFeeSats: string; shareSats: string; contentHash: string | null };
  /**
   * The terms the share was recomputed under: the block's recorded ones (pool fee, rules version; `recorded`
   * false for a block applied before they were recorded: the configured fee, no rules).
   */
  readonly terms: { poolFeeBps: number; rulesVersion: string | null; recorded: boolean };
  /** What the ledger holds (null where it has nothing). */
  readonly ledger: { weightSats: string | null; poolWeightSats: string | null; shareSats: string | null; contentHash: string | null };
  readonly checks: readonly string[];
}

/**
 * Recomputes a delegate's weight and share of the pool block at `height` from the node alone (classification,
 * reward, delegations and weights as of H: the snapshotter's `snapshotBlock`, then rule 6 under the block's
 * recorded terms: its pool fee and delegate rules as first credited; `poolFeeBps` only for a block applied before
 * terms were recorded) and compares them, and the snapshot's content hash, with the ledger.
 */
export async function verifyShare(
  db: Queryable, client: QtumRpcClient, config: SnapshotterConfig, poolFeeBps: number, height: number, address: string, log: Logger,
): Promise<ShareVerification> {
  const checks: string[] = [];
  const check = (pass: boolean, text: string) => {
    checks.push(`${pass ? 'ok  ' : 'FAIL'} ${text}`);
    return pass;
  };
  decodeAddress(address, config.PPM_NETWORK);
  const rpc = createSnapshotterRpc(client);
  const events = new DelegationEventCache(rpc, decodeAddress(config.PPM_STAKER_ADDRESS, config.PPM_NETWORK).hash160Hex, config.PPM_NETWORK);
  const blockHash = await client.getblockhash(height);
  const result = await snapshotBlock({ config, rpc, events, log }, await client.getblock(blockHash, 3));
  const content = result.snapshot?.content;
  const weight = content?.delegates.find((d) => d.address === address)?.weightSats ?? 0n;
  const t = await recordedTerms(db, blockHash, poolFeeBps);
  const split = t.split(result.rewardSats, (content?.delegates ?? []).map((d) => ({ address: d.address, weightSats: d.weightSats })));
  const terms = { poolFeeBps: t.poolFeeBps, rulesVersion: t.rulesVersion, recorded: t.recorded };
  const share = split.shares.find((s) => s.address === address)?.shareSats ?? 0n;
  const recomputed = {
    weightSats: weight.toString(), poolWeightSats: (content?.poolWeightSats ?? 0n).toString(), rewardSats: result.rewardSats.toString(),
    poolFeeSats: split.poolFeeSats.toString(), shareSats: share.toString(), contentHash: result.snapshot?.contentHash ?? null,
  };
  let ok = check(result.kind === 'pool', `block ${height} ${blockHash} is a ${result.kind} block`);
  const none = { weightSats: null, poolWeightSats: null, shareSats: null, contentHash: null };
  // Only pool blocks are shared (DESIGN rule 2): nothing else to compare.
  if (!ok) return { ok, height, blockHash, address, recomputed, terms, ledger: none, checks };

  const stored = (await db.query<{ content_hash: string; pool_weight_sats: string }>(
    'SELECT content_hash, pool_weight_sats::text FROM snapshots WHERE block_hash = $1', [blockHash])).rows[0];
  const storedWeight = (await db.query<{ weight_sats: string }>(
    'SELECT weight_sats::text FROM snapshot_weights WHERE block_hash = $1 AND address = $2', [blockHash, address])).rows[0];
  // Net credit: a share and its reversal cancel (a block reversed and applied again counts once).
  const credited = (await db.query<{ n: string; sats: string | null }>(
    `SELECT count(*)::text AS n, sum(amount_sats)::text AS sats FROM ledger_entries
      WHERE block_hash = $1 AND address = $2 AND kind IN ('delegate_share', 'reversal')`, [blockHash, address])).rows[0];
  const ledger = {
    weightSats: storedWeight?.weight_sats ?? null,
    poolWeightSats: stored?.pool_weight_sats ?? null,
    shareSats: credited && credited.n !== '0' ? (credited.sats ?? '0') : null,
    contentHash: stored?.content_hash ?? null,
  };
  ok = check(ledger.contentHash !== null && ledger.contentHash === recomputed.contentHash,
    `snapshot content hash: ledger ${ledger.contentHash ?? 'none'}, recomputed ${recomputed.contentHash ?? 'none'}`) && ok;
  ok = check((ledger.weightSats ?? '0') === recomputed.weightSats, `weight of ${address}: ledger ${ledger.weightSats ?? 'none'}, recomputed ${recomputed.weightSats}`) && ok;
  ok = check(ledger.poolWeightSats === recomputed.poolWeightSats, `pool weight: ledger ${ledger.poolWeightSats ?? 'none'}, recomputed ${recomputed.poolWeightSats}`) && ok;
  ok = check((ledger.shareSats ?? '0') === recomputed.shareSats, `share of ${address}: ledger ${ledger.shareSats ?? 'none'}, recomputed ${recomputed.shareSats}`) && ok;
  if (t.rulesVersion) {
    const effects = split.effects.filter((e) => e.address === address).map((e) => (e.rule === 'fee_override' ? `fee_override ${e.feeBps}bps ${e.adjustSats}` : e.rule));
    checks.push(`info rules ${t.rulesVersion}${effects.length > 0 ? `: ${effects.join(', ')}` : ': none touched this delegate'}`);
  }
  return { ok, height, blockHash, address, recomputed, terms, ledger, checks };
}
