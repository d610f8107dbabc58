import type { Queryable } from '@ppm/ledger';
import { countOf, intOrNull, isoOrNull, satsText, type DbNumber, type DbTime } from './row-values';

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
SELECT coalesce(e.height, b.height) AS height, e.block_hash, b.block_time, e.amount_sats,
  coalesce(w.weight_sats, 0) AS weight_sats, coalesce(s.pool_weight_sats, 0) AS pool_weight_sats,
  coalesce(s.reward_sats, b.reward_sats, 0) AS reward_sats,
  EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_entry_id = e.id) AS reversed
FROM ledger_entries e
JOIN blocks b ON b.hash = e.block_hash
LEFT JOIN snapshots s ON s.block_hash = e.block_hash
LEFT JOIN snapshot_weights w ON w.block_hash = e.block_hash AND w.address = e.address
WHERE e.kind = 'delegate_share' AND e.address = $1
ORDER BY 1 DESC, e.id DESC
LIMIT $2`;

const PAYOUTS_SQL = `
SELECT o.batch_id, o.amount_sats, pb.plan_hash, pb.state, pb.txid, pb.confirmations, pb.block_height,
  pb.created_at, pb.broadcast_at, pb.confirmed_at
FROM payout_outputs o JOIN payout_batches pb ON pb.batch_id = o.batch_id
WHERE o.address = $1
ORDER BY pb.created_at DESC, pb.batch_id DESC
LIMIT $2`;

/** A delegate's per-block shares, newest first (reversed ones included and marked). */
export async function listDelegateShares(db: Queryable, address: string, limit: number): Promise<DelegateShare[]> {
  const r = await db.query<ShareRow>(SHARES_SQL, [address, limit]);
  return r.rows.map((row) => ({
    height: countOf(row.height),
    blockHash: row.block_hash,
    blockTime: isoOrNull(row.block_time),
    shareSats: satsText(row.amount_sats),
    weightSats: satsText(row.weight_sats),
    poolWeightSats: satsText(row.pool_weight_sats),
    rewardSats: satsText(row.reward_sats),
    reversed: row.reversed,
  }));
}

/** A delegate's payouts, newest first. */
export async function listDelegatePayouts(db: Queryable, address: string, limit: number): Promise<DelegatePayout[]> {
  const r = await db.query<PayoutRow>(PAYOUTS_SQL, [address, limit]);
  return r.rows.map((row) => ({
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
  }));
}
