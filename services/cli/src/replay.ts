import { decodeAddress } from '@ppm/chain';
import { blockRuleEffects, type Db } from '@ppm/ledger';
import type { QtumRpcClient } from '@ppm/qtum-rpc';
import type { Logger } from '@ppm/runtime';
import {
  DelegationEventCache, classifyOne, createSnapshotterRpc, snapshotRun,
  type BlockResult, type ClassifiedBlock, type SnapshotterConfig,
} from '@ppm/snapshotter';
import type { Progress } from './progress';
import { recordedTerms } from './recorded-terms';

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
  /** PPM_POOL_FEE_BPS: used only for blocks applied before their terms were recorded (migration 302). */
  readonly poolFeeBps: number;
  readonly progress?: Progress;
}

/** Heights recomputed per run: their pool blocks share one read of the delegates' coins. */
const HEIGHTS_PER_RUN = 20_000;
/** Blocks per getblock batch. */
const BLOCKS_PER_BATCH = 100;

const str = (v: bigint | string | number | null | undefined) => (v === null || v === undefined ? '-' : String(v));

type LedgerRow = { height: number; hash: string; kind: string | null; reward_sats: string | null; status: string };

/**
 * Recomputes blocks `from..to` from the chain with the snapshotter's own code (classification, reward,
 * delegations and weights as of H, one coin read per run of blocks: `snapshotRun`) and the share rule, and
 * compares them with what the ledger holds: the block's hash, kind and reward, each delegate's weight, and the
 * ledger entries and rule effects the block's current application produced (a block applied again after a
 * reorg, A->B->A, is compared by its last application). Shares are recomputed under each block's RECORDED terms
 * (pool fee and rules version, fixed at its first application), not the current config: changing
 * PPM_POOL_FEE_BPS or PPM_RULES_FILE changes no past block, and replay reproduces what was credited.
 */
export async function replayRange(db: Db, client: QtumRpcClient, config: SnapshotterConfig, opts: ReplayOptions, log: Logger): Promise<ReplayDifference[]> {
  const rpc = createSnapshotterRpc(client);
  const events = new DelegationEventCache(rpc, decodeAddress(config.PPM_STAKER_ADDRESS, config.PPM_NETWORK).hash160Hex, config.PPM_NETWORK);
  const ctx = { config, rpc, events, log };
  const diffs: ReplayDifference[] = [];
  const diff = (height: number, what: string, ledger: unknown, recomputed: unknown) =>
    diffs.push({ height, what, ledger: str(ledger as string), recomputed: str(recomputed as string) });
  opts.progress?.start(opts.to - opts.from + 1, `replay ${opts.from}..${opts.to}`);
  for (let lo = opts.from; lo <= opts.to; lo += HEIGHTS_PER_RUN) {
    const hi = Math.min(opts.to, lo + HEIGHTS_PER_RUN - 1);
    const heights = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
    const nodeHashes = await rpc.getBlockHashes(heights);
    const rows = new Map((await db.query<LedgerRow>(
      'SELECT height, hash, kind, reward_sats::text, status FROM blocks WHERE height BETWEEN $1 AND $2 AND on_main_chain', [lo, hi])).rows.map((r) => [r.height, r]));
    // Blocks whose row matches the node's main chain are recomputed; the others are differences already.
    const wanted: { height: number; hash: string }[] = [];
    for (const [i, h] of heights.entries()) {
      const nodeHash = nodeHashes[i] ?? null;
      const row = rows.get(h);
      if (!row) diff(h, 'block', 'not in the ledger', nodeHash);
      else if (row.hash !== nodeHash) diff(h, 'block hash', row.hash, nodeHash);
      else if (row.status !== 'applied') diff(h, 'status', row.status, 'applied');
      else wanted.push({ height: h, hash: nodeHash });
    }
    const classified: ClassifiedBlock[] = [];
    for (let i = 0; i < wanted.length; i += BLOCKS_PER_BATCH) {
      const part = wanted.slice(i, i + BLOCKS_PER_BATCH);
      for (const b of await rpc.getBlocksV3(part.map((w) => w.hash))) classified.push(classifyOne(config, b));
    }
    for await (const result of snapshotRun(ctx, classified)) {
      opts.progress?.update(result.height - opts.from + 1);
      await compareBlock(db, rows.get(result.height)!, result, opts.poolFeeBps, diff);
    }
  }
  opts.progress?.stop();
  return diffs.sort((a, b) => a.height - b.height);
}

/** Compares one recomputed block with its ledger row, snapshot weights and entries. */
async function compareBlock(
  db: Db, row: LedgerRow, result: BlockResult, poolFeeBps: number,
  diff: (height: number, what: string, ledger: unknown, recomputed: unknown) => void,
): Promise<void> {
  const h = result.height;
  if (row.kind !== result.kind) diff(h, 'kind', row.kind, result.kind);
  const ledgerReward = row.reward_sats === null ? null : BigInt(row.reward_sats);
  if (result.kind !== 'foreign' && ledgerReward !== result.rewardSats) diff(h, 'reward', ledgerReward, result.rewardSats);

  const application = Number((await db.query<{ a: number }>('SELECT greatest(application, 1) AS a FROM blocks WHERE hash = $1', [result.hash])).rows[0]?.a ?? 1);
  const entries = await db.query<{ kind: string; address: string | null; amount_sats: string }>(
    `SELECT e.kind, e.address, e.amount_sats::text FROM ledger_entries e
      WHERE e.block_hash = $1 AND e.application = $2
        AND e.kind IN ('delegate_share', 'pool_fee', 'unallocated', 'self_revenue')`, [result.hash, application]);
  const have = new Map(entries.rows.map((e) => [`${e.kind}:${e.address ?? ''}`, BigInt(e.amount_sats)]));
  const want = new Map<string, bigint>();
  if (result.kind === 'self') want.set('self_revenue:', result.rewardSats);
  if (result.kind === 'pool' && result.snapshot) {
    const stored = await db.query<{ address: string; weight_sats: string; fee: number }>(
      'SELECT address, weight_sats::text, fee FROM snapshot_weights WHERE block_hash = $1', [result.hash]);
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
    let terms;
    try {
      terms = await recordedTerms(db, result.hash, poolFeeBps);
    } catch (err) {
      // A rules_versions row that no longer hashes to its version: the block's terms cannot be trusted.
      diff(h, 'terms', (err as Error).message, 'the rules recorded for the block');
      return;
    }
    const split = terms.split(result.rewardSats, result.snapshot.content.delegates.map((d) => ({ address: d.address, weightSats: d.weightSats })));
    for (const s of split.shares) if (s.shareSats > 0n) want.set(`delegate_share:${s.address}`, s.shareSats);
    if (split.poolFeeSats > 0n) want.set('pool_fee:', split.poolFeeSats);
    if (split.unallocatedSats > 0n) want.set('unallocated:', split.unallocatedSats);
    // What each rule did, as recorded for the application, against the recomputation.
    const recorded = new Map((await blockRuleEffects(db, result.hash, application)).map((e) => [`${e.rule}:${e.address}`, e.feeBps === null ? `${e.amountSats}` : `${e.feeBps}bps ${e.amountSats}`]));
    for (const e of split.effects) {
      const key = `${e.rule}:${e.address}`;
      const value = e.rule === 'fee_override' ? `${e.feeBps}bps ${e.adjustSats}` : `${e.withheldSats}`;
      if (recorded.get(key) !== value) diff(h, `rule effect ${key}`, recorded.get(key), value);
      recorded.delete(key);
    }
    for (const [key, value] of recorded) diff(h, `rule effect ${key}`, value, 'none');
  }
  for (const [key, amount] of want) if (have.get(key) !== amount) diff(h, `entry ${key}`, have.get(key), amount);
  for (const [key, amount] of have) if (!want.has(key)) diff(h, `entry ${key}`, amount, 'none');
}
