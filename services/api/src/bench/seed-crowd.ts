import { encodeAddress } from '@ppm/chain';
import type { Queryable } from '@ppm/ledger';

/** Shape of the ledger the API benchmark reads. */
export interface CrowdShape {
  delegates: number;
  /** Main-chain blocks 1..blocks; every tenth is a pool block with a snapshot and one share per delegate. */
  blocks: number;
}

/** `n` distinct regtest P2PKH addresses (real ones: the API validates addresses). */
export function crowdAddresses(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(encodeAddress((i + 1).toString(16).padStart(40, '0'), 'regtest'));
  return out;
}

/**
 * Writes a large applied history in a few set-based statements: `blocks` applied main-chain blocks (one in ten
 * a pool block whose snapshot weighs every delegate and credits each a share), then one paid payout of every
 * delegate in two batches. The figures are plausible, not an accrual run: the benchmark measures reading.
 */
export async function seedCrowd(db: Queryable, shape: CrowdShape): Promise<{ entries: number }> {
  const addresses = crowdAddresses(shape.delegates);
  const hash = (tag: string, n: string) => `md5('${tag}' || ${n}) || md5('${tag}x' || ${n})`;
  await db.query(`
    INSERT INTO blocks (hash, height, kind, reward_sats, block_time, status, applied_at)
    SELECT ${hash('b', 'h')}, h, CASE WHEN h % 10 = 0 THEN 'pool' ELSE 'foreign' END,
      CASE WHEN h % 10 = 0 THEN 400000000 ELSE NULL END, timestamptz '2026-11-01' + h * interval '32 seconds', 'applied', now()
    FROM generate_series(1, $1::int) h`, [shape.blocks]);
  await db.query(`
    INSERT INTO snapshots (block_hash, height, reward_sats, pool_weight_sats, delegate_count, content_hash)
    SELECT hash, height, 400000000, $1::numeric * 1000000000000, $1::int, md5(hash) || md5(hash) FROM blocks WHERE kind = 'pool'`, [shape.delegates]);
  await db.query(`
    INSERT INTO snapshot_weights (block_hash, address, weight_sats, fee)
    SELECT b.hash, a.address, 1000000000000, 100 FROM blocks b CROSS JOIN unnest($1::text[]) AS a(address) WHERE b.kind = 'pool'`, [addresses]);
  await db.query(`
    INSERT INTO ledger_entries (kind, address, amount_sats, block_hash, height)
    SELECT 'delegate_share', a.address, 400000000 / $2::int, b.hash, b.height FROM blocks b CROSS JOIN unnest($1::text[]) AS a(address)
    WHERE b.kind = 'pool' ORDER BY b.height, a.address`, [addresses, shape.delegates]);
  // One plan paid in two batches: every delegate's first half of its accrual.
  const plan = 'ab'.repeat(32);
  await db.query(`
    INSERT INTO payout_plans (plan_hash, network, as_of_height, status, total_sats, delegates, batch_count, plan_json)
    VALUES ($1, 'regtest', $2, 'done', 0, $3, 2, '{}'::jsonb)`, [plan, shape.blocks, shape.delegates]);
  await db.query(`
    INSERT INTO payout_batches (batch_id, plan_hash, batch_index, state, total_sats, output_count, txid, confirmations)
    SELECT $1 || ':' || i, $1, i, 'paid', 0, $2::int / 2, md5('tx' || i) || md5('txx' || i), 10 FROM generate_series(0, 1) i`, [plan, shape.delegates]);
  const paid = `(400000000 / $2::int) * ${Math.floor(shape.blocks / 20)}`;
  await db.query(`
    INSERT INTO payout_outputs (batch_id, address, amount_sats)
    SELECT $3 || ':' || (ord % 2), address, ${paid} FROM unnest($1::text[]) WITH ORDINALITY AS a(address, ord)`, [addresses, shape.delegates, plan]);
  for (const kind of ['payout_reserve', 'payout_paid']) {
    await db.query(`
      INSERT INTO ledger_entries (kind, address, amount_sats, payout_batch_id)
      SELECT '${kind}', address, ${paid}, $3 || ':' || (ord % 2) FROM unnest($1::text[]) WITH ORDINALITY AS a(address, ord)`, [addresses, shape.delegates, plan]);
  }
  await db.query('ANALYZE');
  const n = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM ledger_entries');
  return { entries: Number(n.rows[0]?.n ?? 0) };
}
