import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@ppm/ledger';

/**
 * The original program's daily CSV log (`PPM_Log_YYYY_MM_DD.csv`, codes 000-900; reference/ppm.md 6.2), rebuilt
 * from the ledger. Columns the ledger does not record (the wallet's balance, stake and weights, connections,
 * expected time: node state at the moment the original polled) are left empty; the rest is exact.
 */

const LABELS = '000, unix time, date time, block, balance, stake, weight, net weight, del weight, num del, connections, staking, expected Hours, staker, staker reward, delegate, delegate reward, percent, mypool, pool balance, debug extra';

/** Satoshis to QTUM with `decimals` places, rounded half to even, without floats. */
export function qtumFixed(sats: bigint, decimals: number): string {
  const neg = sats < 0n;
  let abs = neg ? -sats : sats;
  const unit = 10n ** BigInt(8 - decimals);
  const q = abs / unit;
  const r = abs % unit;
  const half = unit / 2n;
  abs = r > half || (r === half && q % 2n === 1n) ? q + 1n : q;
  const s = abs.toString().padStart(decimals + 1, '0');
  const text = decimals > 0 ? `${s.slice(0, -decimals)}.${s.slice(-decimals)}` : s;
  return neg && abs !== 0n ? `-${text}` : text;
}

interface BlockRow {
  height: number;
  kind: string;
  staker_address: string | null;
  reward_sats: string | null;
  block_time: Date | string | null;
  applied_at: Date | string;
  pool_weight_sats: string | null;
  delegate_count: number | null;
  accrued_sats: string;
}

interface PayoutRow {
  day: string;
  batches: string;
  outputs: string;
  total_sats: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getUTCFullYear()}_${pad2(d.getUTCMonth() + 1)}_${pad2(d.getUTCDate())}`;
const timeOf = (d: Date) => `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;

/** Writes one log file per UTC day that has applied blocks or paid payouts. Returns the files written. */
export async function exportDailyLog(db: Db, dir: string, version: string): Promise<string[]> {
  const blocks = await db.query<BlockRow>(
    `SELECT b.height, b.kind, b.staker_address, b.reward_sats::text, b.block_time, b.applied_at,
            s.pool_weight_sats::text, s.delegate_count,
            (SELECT coalesce(sum(e.amount_sats), 0)::text FROM ledger_entries e
               LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id
              WHERE (e.kind IN ('delegate_share', 'opening_balance', 'pool_fee_share') AND coalesce(e.height, 0) <= b.height)
                 OR (e.kind = 'reversal' AND r.kind IN ('delegate_share', 'opening_balance') AND e.created_at <= b.applied_at)) AS accrued_sats
       FROM blocks b LEFT JOIN snapshots s ON s.block_hash = b.hash
      WHERE b.on_main_chain AND b.status = 'applied'
      ORDER BY b.height`,
  );
  const paid = await db.query<{ at: Date | string; amount_sats: string }>(
    "SELECT created_at AS at, amount_sats::text FROM ledger_entries WHERE kind = 'payout_paid' ORDER BY id",
  );
  const payouts = await db.query<PayoutRow>(
    `SELECT to_char(finished_at AT TIME ZONE 'UTC', 'YYYY_MM_DD') AS day, count(*)::text AS batches,
            sum(output_count)::text AS outputs, sum(total_sats)::text AS total_sats
       FROM payout_batches WHERE state = 'paid' AND finished_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  const days = new Map<string, string[]>();
  const lines = (day: string) => {
    let l = days.get(day);
    if (!l) {
      l = [`000,Program,start,or,restart,version,${version}`, `000,Logging,start,00:00:00,GMT,${day}`, LABELS];
      days.set(day, l);
    }
    return l;
  };
  const paidRows = paid.rows.map((p) => ({ at: new Date(p.at), sats: BigInt(p.amount_sats) }));
  const counts = new Map<string, number>();
  for (const b of blocks.rows) {
    const t = new Date(b.block_time ?? b.applied_at);
    const appliedAt = new Date(b.applied_at);
    const day = dayOf(t);
    const reward = BigInt(b.reward_sats ?? '0');
    const paidBefore = paidRows.filter((p) => p.at <= appliedAt).reduce((s, p) => s + p.sats, 0n);
    // "pool balance" in the original: what is owed to delegates after this block (accrued minus paid).
    const owed = BigInt(b.accrued_sats) - paidBefore;
    const mine = b.kind === 'pool' || b.kind === 'self';
    const poolWeight = b.pool_weight_sats === null ? '' : (BigInt(b.pool_weight_sats) / 100_000_000n).toString();
    lines(day).push([
      '100', Math.floor(t.getTime() / 1000), timeOf(t), b.height, '', '', '', '', poolWeight, b.delegate_count ?? '', '', '', '',
      b.staker_address ?? 'none', mine ? qtumFixed(reward, 3) : '0.000', 'none', '0.000', b.kind === 'pool' ? 100 : 'nan',
      b.kind === 'pool' ? 'yes' : 'no', qtumFixed(owed, 3), b.kind,
    ].join(','));
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  for (const p of payouts.rows) {
    lines(p.day).push(`300,total,sendmanys,${p.batches},numDelegatesPaid,${p.outputs},totalPaid,${qtumFixed(BigInt(p.total_sats), 8)},intsatspoolRevenue,0`);
  }
  for (const [day, n] of counts) lines(day).push(`200, blocks,${n}`);
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [day, l] of [...days.entries()].sort()) {
    const file = path.join(dir, `PPM_Log_${day}.csv`);
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, `${l.join('\n')}\n`, 'latin1');
    fs.renameSync(tmp, file);
    files.push(file);
  }
  return files;
}
