import { createHash } from 'node:crypto';
import { encodeAddress } from '@ppm/chain';
import type { Queryable } from '@ppm/ledger';

/**
 * A small pool history written by SQL, as the chain-watcher, snapshotter, accrual and payout services would:
 * three pool blocks, a self block, a foreign block, a block reorged away (shares reversed) and two payouts.
 * The expected figures are written out by hand in the tests (never computed from this file).
 */
const hex64 = (label: string) => createHash('sha256').update(label).digest('hex');

/** Delegates (regtest P2PKH). E is eligible in the latest snapshot with nothing mature (weight 0). */
export const A = encodeAddress('11'.repeat(20), 'regtest');
export const B = encodeAddress('22'.repeat(20), 'regtest');
export const C = encodeAddress('33'.repeat(20), 'regtest');
export const E = encodeAddress('44'.repeat(20), 'regtest');
/** Valid regtest address the pool has never seen. */
export const UNKNOWN = encodeAddress('55'.repeat(20), 'regtest');
/** The pool's staker address S. */
export const STAKER = encodeAddress('99'.repeat(20), 'regtest');

export const H100 = hex64('block-100');
export const H101 = hex64('block-101');
export const H102 = hex64('block-102');
export const H103 = hex64('block-103');
/** Height 104 before the reorg (left the main chain; its shares were reversed). */
export const H104_OLD = hex64('block-104-old');
export const H104 = hex64('block-104');
export const H105 = hex64('block-105');
export const PLAN1 = hex64('plan-1');
export const PLAN2 = hex64('plan-2');
export const TX1 = hex64('tx-1');
export const TX2 = hex64('tx-2');

const QTUM = 100_000_000n;

interface BlockRow {
  hash: string; height: number; kind: string | null; reward: bigint | null; time: string; status: string; main?: boolean;
}

const BLOCKS: BlockRow[] = [
  { hash: H100, height: 100, kind: 'pool', reward: 4n * QTUM, time: '2026-11-28T10:00:00Z', status: 'applied' },
  { hash: H101, height: 101, kind: 'foreign', reward: null, time: '2026-11-28T10:01:00Z', status: 'applied' },
  { hash: H102, height: 102, kind: 'pool', reward: 3n * QTUM, time: '2026-11-29T09:00:00Z', status: 'applied' },
  { hash: H103, height: 103, kind: 'self', reward: 1n * QTUM, time: '2026-11-29T12:00:00Z', status: 'applied' },
  { hash: H104_OLD, height: 104, kind: 'pool', reward: 2n * QTUM, time: '2026-11-29T15:00:00Z', status: 'reversed', main: false },
  { hash: H104, height: 104, kind: 'pool', reward: 2n * QTUM, time: '2026-11-29T15:01:00Z', status: 'applied' },
  // Snapshotted, not applied yet: must not show in rewards, balances or the pool's current weight.
  { hash: H105, height: 105, kind: 'pool', reward: 2n * QTUM, time: '2026-11-29T15:02:00Z', status: 'snapshotted' },
];

const SNAPSHOTS: { hash: string; height: number; reward: bigint; weights: [string, bigint][] }[] = [
  { hash: H100, height: 100, reward: 4n * QTUM, weights: [[A, 3000n * QTUM], [B, 1000n * QTUM]] },
  { hash: H102, height: 102, reward: 3n * QTUM, weights: [[A, 3000n * QTUM], [B, 1000n * QTUM]] },
  { hash: H104_OLD, height: 104, reward: 2n * QTUM, weights: [[A, 3000n * QTUM], [B, 1000n * QTUM]] },
  { hash: H104, height: 104, reward: 2n * QTUM, weights: [[A, 3000n * QTUM], [B, 1000n * QTUM], [C, 1000n * QTUM], [E, 0n]] },
  { hash: H105, height: 105, reward: 2n * QTUM, weights: [[A, 3000n * QTUM], [B, 1000n * QTUM], [C, 2000n * QTUM]] },
];

async function entry(db: Queryable, kind: string, address: string | null, amount: bigint, block?: { hash: string; height: number }, extra: { reverses?: string; batch?: string } = {}): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO ledger_entries (kind, address, amount_sats, block_hash, height, reverses_entry_id, payout_batch_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [kind, address, amount, block?.hash ?? null, block?.height ?? null, extra.reverses ?? null, extra.batch ?? null]);
  return String(r.rows[0]!.id);
}

async function payout(db: Queryable, plan: string, status: string, created: string, batch: {
  id: string; state: string; txid: string; confirmations: number; height: number | null; outputs: [string, bigint][];
}): Promise<void> {
  const total = batch.outputs.reduce((s, [, v]) => s + v, 0n);
  await db.query(
    `INSERT INTO payout_plans (plan_hash, network, as_of_height, status, total_sats, delegates, batch_count, plan_json, created_at)
     VALUES ($1, 'regtest', 104, $2, $3, $4, 1, $5, $6)`,
    [plan, status, total, batch.outputs.length, JSON.stringify({ outputs: batch.outputs.map(([a, v]) => [a, v.toString()]) }), created]);
  await db.query(
    `INSERT INTO payout_batches (batch_id, plan_hash, batch_index, state, total_sats, output_count, txid, fee_sats, block_height, confirmations, created_at, broadcast_at)
     VALUES ($1, $2, 0, $3, $4, $5, $6, 90000, $7, $8, $9, $9)`,
    [batch.id, plan, batch.state, total, batch.outputs.length, batch.txid, batch.height, batch.confirmations, created]);
  for (const [address, amount] of batch.outputs) {
    await db.query('INSERT INTO payout_outputs (batch_id, address, amount_sats) VALUES ($1, $2, $3)', [batch.id, address, amount]);
  }
}

/** Writes the scenario into a migrated, empty ledger. */
export async function seedLedger(db: Queryable): Promise<void> {
  let prev: string | null = null;
  for (const b of BLOCKS) {
    await db.query(
      `INSERT INTO blocks (hash, height, prev_hash, on_main_chain, kind, staker_address, reward_sats, block_time, status, applied_at, reversed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 IN ('applied', 'reversed') THEN $8::timestamptz END, CASE WHEN $9 = 'reversed' THEN $8::timestamptz END)`,
      [b.hash, b.height, prev, b.main ?? true, b.kind, b.kind === 'foreign' ? A : STAKER, b.reward, b.time, b.status]);
    if (b.main ?? true) prev = b.hash;
  }
  for (const s of SNAPSHOTS) {
    const w = s.weights.reduce((t, [, v]) => t + v, 0n);
    await db.query(
      'INSERT INTO snapshots (block_hash, height, reward_sats, pool_weight_sats, delegate_count, content_hash) VALUES ($1, $2, $3, $4, $5, $6)',
      [s.hash, s.height, s.reward, w, s.weights.length, hex64(`snapshot-${s.hash}`)]);
    for (const [address, weight] of s.weights) {
      await db.query('INSERT INTO snapshot_weights (block_hash, address, weight_sats, fee) VALUES ($1, $2, $3, 100)', [s.hash, address, weight]);
    }
  }
  const b100 = { hash: H100, height: 100 };
  await entry(db, 'delegate_share', A, 300_000_000n, b100);
  await entry(db, 'delegate_share', B, 100_000_000n, b100);
  // 1 % pool fee: F = 3,000,000; D = 297,000,000 split 3:1.
  const b102 = { hash: H102, height: 102 };
  await entry(db, 'pool_fee', null, 3_000_000n, b102);
  await entry(db, 'delegate_share', A, 222_750_000n, b102);
  await entry(db, 'delegate_share', B, 74_250_000n, b102);
  await entry(db, 'self_revenue', null, 100_000_000n, { hash: H103, height: 103 });
  const old = { hash: H104_OLD, height: 104 };
  const a104 = await entry(db, 'delegate_share', A, 150_000_000n, old);
  const b104 = await entry(db, 'delegate_share', B, 50_000_000n, old);
  await entry(db, 'reversal', A, -150_000_000n, old, { reverses: a104 });
  await entry(db, 'reversal', B, -50_000_000n, old, { reverses: b104 });
  const b104new = { hash: H104, height: 104 };
  await entry(db, 'delegate_share', A, 120_000_000n, b104new);
  await entry(db, 'delegate_share', B, 40_000_000n, b104new);
  await entry(db, 'delegate_share', C, 40_000_000n, b104new);

  await payout(db, PLAN1, 'done', '2026-11-30T00:00:00Z', {
    id: `${PLAN1.slice(0, 16)}-0`, state: 'paid', txid: TX1, confirmations: 6, height: 110, outputs: [[A, 522_750_000n], [B, 174_250_000n]],
  });
  for (const [address, amount] of [[A, 522_750_000n], [B, 174_250_000n]] as const) {
    await entry(db, 'payout_reserve', address, amount, undefined, { batch: `${PLAN1.slice(0, 16)}-0` });
    await entry(db, 'payout_paid', address, amount, undefined, { batch: `${PLAN1.slice(0, 16)}-0` });
  }
  await payout(db, PLAN2, 'executing', '2026-11-30T01:00:00Z', {
    id: `${PLAN2.slice(0, 16)}-0`, state: 'broadcast', txid: TX2, confirmations: 0, height: null, outputs: [[A, 120_000_000n]],
  });
  await entry(db, 'payout_reserve', A, 120_000_000n, undefined, { batch: `${PLAN2.slice(0, 16)}-0` });
}

/** Batch ids of the two payouts. */
export const BATCH1 = `${PLAN1.slice(0, 16)}-0`;
export const BATCH2 = `${PLAN2.slice(0, 16)}-0`;
