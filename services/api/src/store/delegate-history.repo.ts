import type { Queryable } from '@ppm/ledger';
import { CREATED_KEY_SQL, type CreatedKey } from './created-key';
import { countOf, intOrNull, isoOrNull, satsText, type DbNumber, type DbTime } from './row-values';

/** Where a page of a delegate's shares starts: after this (height, entry id), newest first. */
export interface ShareKey {
  height: number;
  entryId: string;
}

/** Where a page of a delegate's payouts starts: after this (created key, batch id), newest first. */
export interface DelegatePayoutKey {
  created: CreatedKey;
  batchId: string;
}

/** One block's share credited to a delegate. */
export interface DelegateShare {
  height: number;
  blockHash: string;
  blockTime: string | null;
  shareSats: string;
  weightSats: string;
  poolWeightSats: string;
  rewardSats: string;
  /** True when the block left the main chain and this share was reversed (it no longer counts). */
  reversed: boolean;
}

/** One payout output to a delegate, with its batch's transaction. */
export interface DelegatePayout {
  batchId: string;
  planHash: string;
  state: string;
  txid: string | null;
  amountSats: string;
  confirmations: number;
  blockHeight: number | null;
  createdAt: string | null;
  broadcastAt: string | null;
  confirmedAt: string | null;
}

interface ShareRow {
  id: DbNumber;
  height: DbNumber;
  block_hash: string;
  block_time: DbTime;
  amount_sats: DbNumber;
  weight_sats: DbNumber;
  pool_weight_sats: DbNumber;
  reward_sats: DbNumber;
  reversed: boolean;
}

interface PayoutRow {
  created_key: string;
  batch_id: string;
  amount_sats: DbNumber;
  plan_hash: string;
  state: string;
  txid: string | null;
  confirmations: DbNumber;
  block_height: DbNumber;
  created_at: DbTime;
  broadcast_at: DbTime;
  confirmed_at: DbTime;
}

const SHARES_SQL = `
SELECT e.id, coalesce(e.height, b.height) AS height, e.block_hash, b.block_time, e.amount_sats,
  coalesce(w.weight_sats, 0) AS weight_sats, coalesce(s.pool_weight_sats, 0) AS pool_weight_sats,
  coalesce(s.reward_sats, b.reward_sats, 0) AS reward_sats,
  EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_entry_id = e.id) AS reversed
FROM ledger_entries e
JOIN blocks b ON b.hash = e.block_hash
LEFT JOIN snapshots s ON s.block_hash = e.block_hash
LEFT JOIN snapshot_weights w ON w.block_hash = e.block_hash AND w.address = e.address
WHERE e.kind = 'delegate_share' AND e.address = $1
  AND ($3::int IS NULL OR (coalesce(e.height, b.height), e.id) < ($3::int, $4::bigint))
ORDER BY 2 DESC, e.id DESC
LIMIT $2`;

// created_key: the creation time with its microseconds, as text (a JS Date would drop them and break the keyset).
const PAYOUTS_SQL = `
SELECT ${CREATED_KEY_SQL('pb')} AS created_key, o.batch_id, o.amount_sats, pb.plan_hash, pb.state, pb.txid, pb.confirmations, pb.block_height,
  pb.created_at, pb.broadcast_at, pb.confirmed_at
FROM payout_outputs o JOIN payout_batches pb ON pb.batch_id = o.batch_id
WHERE o.address = $1
  AND ($3::timestamptz IS NULL OR (pb.created_at, pb.batch_id) < ($3::timestamptz, $4::text))
ORDER BY pb.created_at DESC, pb.batch_id DESC
LIMIT $2`;

/**
 * A delegate's per-block shares, newest first (reversed ones included and marked), `limit` of them after
 * `after`; `next` is the key of the last one when more follow.
 */
export async function listDelegateShares(db: Queryable, address: string, limit: number, after?: ShareKey): Promise<{ items: DelegateShare[]; next: ShareKey | null }> {
  const r = await db.query<ShareRow>(SHARES_SQL, [address, limit + 1, after?.height ?? null, after?.entryId ?? null]);
  const rows = r.rows.slice(0, limit);
  const last = rows[rows.length - 1];
  const next = r.rows.length > limit && last ? { height: countOf(last.height), entryId: satsText(last.id) } : null;
  return { next, items: rows.map((row) => ({
    height: countOf(row.height),
    blockHash: row.block_hash,
    blockTime: isoOrNull(row.block_time),
    shareSats: satsText(row.amount_sats),
    weightSats: satsText(row.weight_sats),
    poolWeightSats: satsText(row.pool_weight_sats),
    rewardSats: satsText(row.reward_sats),
    reversed: row.reversed,
  })) };
}

/** A delegate's payouts, newest first, `limit` of them after `after`; `next` when more follow. */
export async function listDelegatePayouts(
  db: Queryable, address: string, limit: number, after?: DelegatePayoutKey,
): Promise<{ items: DelegatePayout[]; next: DelegatePayoutKey | null }> {
  const r = await db.query<PayoutRow>(PAYOUTS_SQL, [address, limit + 1, after?.created ?? null, after?.batchId ?? null]);
  const rows = r.rows.slice(0, limit);
  const last = rows[rows.length - 1];
  const next = r.rows.length > limit && last ? { created: last.created_key, batchId: last.batch_id } : null;
  return { next, items: rows.map((row) => ({
    batchId: row.batch_id,
    planHash: row.plan_hash,
    state: row.state,
    txid: row.txid,
    amountSats: satsText(row.amount_sats),
    confirmations: countOf(row.confirmations),
    blockHeight: intOrNull(row.block_height),
    createdAt: isoOrNull(row.created_at),
    broadcastAt: isoOrNull(row.broadcast_at),
    confirmedAt: isoOrNull(row.confirmed_at),
  })) };
}
