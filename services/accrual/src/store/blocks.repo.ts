import type { Queryable } from '@ppm/ledger';

/** The block-lifecycle fields accrual reads (see libs/ledger/migrations/001_ledger_core.sql). */
export interface BlockRow {
  readonly hash: string;
  readonly height: number;
  readonly onMainChain: boolean;
  readonly kind: 'pool' | 'self' | 'foreign' | null;
  readonly rewardSats: bigint | null;
  readonly status: 'seen' | 'snapshotted' | 'applied' | 'reversed';
  /** The block's current application number: 0 never applied; n = its n-th application (applied or reversed). */
  readonly application: number;
}

/** A block by height and hash (queue payloads, pending work). */
export interface BlockRef {
  readonly height: number;
  readonly hash: string;
}

/** A block with the number of the application a job makes (apply) or undoes (reverse). */
export interface BlockWork extends BlockRef {
  readonly application: number;
}

interface RawBlock {
  hash: string;
  height: number;
  on_main_chain: boolean;
  kind: BlockRow['kind'];
  reward_sats: string | null;
  status: BlockRow['status'];
  application: number;
}

/**
 * Reads a block and locks its row until the transaction ends, so two deliveries of the same job (or an apply
 * and a reverse of the same hash) run one after the other and the second sees the first's status.
 */
export async function lockBlock(tx: Queryable, hash: string): Promise<BlockRow | undefined> {
  const r = await tx.query<RawBlock>(
    'SELECT hash, height, on_main_chain, kind, reward_sats, status, application FROM blocks WHERE hash = $1 FOR UPDATE',
    [hash],
  );
  const b = r.rows[0];
  if (!b) return undefined;
  return {
    hash: b.hash, height: b.height, onMainChain: b.on_main_chain, kind: b.kind,
    rewardSats: b.reward_sats === null ? null : BigInt(b.reward_sats), status: b.status,
    application: Number(b.application),
  };
}

/** The lowest main-chain block below `height` that is not applied yet (strict height order), if any. */
export async function firstUnappliedBelow(tx: Queryable, height: number): Promise<(BlockRef & { status: string }) | undefined> {
  const r = await tx.query<BlockRef & { status: string }>(
    `SELECT height, hash, status FROM blocks WHERE on_main_chain AND height < $1 AND status <> 'applied' ORDER BY height LIMIT 1`,
    [height],
  );
  return r.rows[0];
}

/** The lowest applied block that left the main chain and still waits for its reversal, if any. */
export async function firstAppliedOffChain(tx: Queryable): Promise<BlockRef | undefined> {
  const r = await tx.query<BlockRef>(
    `SELECT height, hash FROM blocks WHERE NOT on_main_chain AND status = 'applied' ORDER BY height LIMIT 1`,
  );
  return r.rows[0];
}

/** The terms a pool block's application credited it under (migration 302); null for self and foreign blocks. */
export interface AppliedTerms {
  readonly poolFeeBps: number;
  readonly rulesVersion: string | null;
}

/**
 * Marks a block applied as its `application`-th application and records where that application ends in the
 * ledger (block_applications: the export of per-block pool share files rebuilds the state right after the
 * block from it) and, for a pool block, the terms it was credited under.
 */
export async function markApplied(tx: Queryable, block: BlockRef, application: number, terms: AppliedTerms | null = null): Promise<void> {
  await tx.query(`UPDATE blocks SET status = 'applied', applied_at = now(), application = $2 WHERE hash = $1`, [block.hash, application]);
  await tx.query(
    `INSERT INTO block_applications (block_hash, height, last_entry_id, application, pool_fee_bps, rules_version)
     SELECT $1, $2, coalesce(max(id), 0), $3, $4::integer, $5::text FROM ledger_entries`,
    [block.hash, block.height, application, terms?.poolFeeBps ?? null, terms?.rulesVersion ?? null],
  );
}

/**
 * Marks a block reversed if it is applied and off the main chain (the caller holds its row lock and checked
 * both; the condition repeats the check in the statement), and records the reversal of its current
 * application (block_reversals). False if the block was not in that state.
 */
export async function markReversed(tx: Queryable, hash: string): Promise<boolean> {
  const r = await tx.query<{ height: number; application: number }>(
    `UPDATE blocks SET status = 'reversed', reversed_at = now() WHERE hash = $1 AND status = 'applied' AND NOT on_main_chain
     RETURNING height, application`,
    [hash],
  );
  const row = r.rows[0];
  if (!row) return false;
  await tx.query(
    `INSERT INTO block_reversals (block_hash, application, height, last_entry_id)
     SELECT $1, $2, $3, coalesce(max(id), 0) FROM ledger_entries`,
    [hash, Math.max(1, Number(row.application)), row.height],
  );
  return true;
}

/**
 * Main-chain blocks that are snapshotted but not applied, lowest first, at most `limit` (work lost with Redis;
 * strict height order means only the lowest ones can progress anyway), with the number of the application to
 * make. A reversed block back on the main chain is one of them (it is applied again from its stored snapshot).
 */
export async function pendingApplies(db: Queryable, limit: number): Promise<BlockWork[]> {
  const r = await db.query<BlockWork>(
    `SELECT height, hash, application + 1 AS application FROM blocks
     WHERE on_main_chain AND status IN ('snapshotted', 'reversed') ORDER BY height LIMIT $1`,
    [limit],
  );
  return r.rows.map((x) => ({ ...x, application: Number(x.application) }));
}

/** Applied blocks that left the main chain, highest first (undo from the tip down), at most `limit`. */
export async function pendingReversals(db: Queryable, limit: number): Promise<BlockWork[]> {
  const r = await db.query<BlockWork>(
    `SELECT height, hash, greatest(application, 1) AS application FROM blocks
     WHERE NOT on_main_chain AND status = 'applied' ORDER BY height DESC LIMIT $1`,
    [limit],
  );
  return r.rows.map((x) => ({ ...x, application: Number(x.application) }));
}
