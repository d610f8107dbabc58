import fs from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from '../db/db';
import { formatPoolshareFile } from './poolshare-file';

/** What {@link exportPoolshare} wrote. */
export interface ExportPoolshareResult {
  readonly dir: string;
  /** One file per applied main-chain pool block, in height order. */
  readonly files: readonly string[];
}

/** Ledger kinds that make up an address's accrued amount (and whose reversals do); pool_fee_share: migration 120. */
const ACCRUED = new Set(['delegate_share', 'opening_balance', 'pool_fee_share']);
/** Pool-level revenue kinds (address NULL); pool_fee_transfer (negative) is fee moved to the split addresses. */
const REVENUE = new Set(['pool_fee', 'self_revenue', 'unallocated', 'pool_fee_transfer']);

interface EntryRow {
  id: string;
  kind: string;
  address: string | null;
  amount_sats: string;
  reversed_kind: string | null;
}

/**
 * Writes `<height>poolshare.csv` into `dir` for every applied main-chain pool block, in the original's exact
 * format (ppm.md 6.1), each holding the cumulative state right after that block: the ledger entries up to the
 * block's application mark (`block_applications.last_entry_id`, so payouts made before the block count):
 * - delegate lines: balance (accrued - reserved + released, i.e. not counting amounts in flight) for every
 *   delegate whose balance is not zero, in order of first appearance in the ledger (the original's slot order;
 *   imported delegates keep the imported file's order). A reorg debt shows as a negative poolshare;
 * - poolbalance: the sum of those lines;
 * - poolrevenue: cumulative pool revenue (pool fees, self blocks, unallocated rewards, net of reversals). The
 *   original reset it at each payout; ours never resets.
 * Files are written atomically (temporary file, then rename), `\n` line ends, latin-1 (addresses are ASCII).
 */
export async function exportPoolshare(db: Queryable, dir: string): Promise<ExportPoolshareResult> {
  const blocks = await db.query<{ height: number; last_entry_id: string }>(
    `SELECT b.height, a.last_entry_id FROM blocks b JOIN block_applications a ON a.block_hash = b.hash AND a.application = greatest(b.application, 1)
     WHERE b.on_main_chain AND b.status = 'applied' AND b.kind = 'pool' ORDER BY a.last_entry_id, b.height`,
  );
  const entries = await db.query<EntryRow>(
    `SELECT e.id, e.kind, e.address, e.amount_sats, r.kind AS reversed_kind
     FROM ledger_entries e LEFT JOIN ledger_entries r ON r.id = e.reverses_entry_id ORDER BY e.id`,
  );
  await fs.mkdir(dir, { recursive: true });
  // Walk entries once, in id order, stopping at each block's mark to write its file.
  const balances = new Map<string, bigint>(); // insertion order = first appearance
  let revenue = 0n;
  let next = 0;
  const files: string[] = [];
  for (const b of blocks.rows) {
    const mark = BigInt(b.last_entry_id);
    for (; next < entries.rows.length; next++) {
      const e = entries.rows[next]!;
      if (BigInt(e.id) > mark) break;
      const amount = BigInt(e.amount_sats);
      const kind = e.kind === 'reversal' ? (e.reversed_kind ?? '') : e.kind;
      if (e.address === null) {
        if (REVENUE.has(kind)) revenue += amount;
        continue;
      }
      let delta = 0n;
      if (ACCRUED.has(kind)) delta = amount;
      else if (e.kind === 'payout_reserve') delta = -amount;
      else if (e.kind === 'payout_release') delta = amount;
      balances.set(e.address, (balances.get(e.address) ?? 0n) + delta);
    }
    const delegates = [...balances].filter(([, v]) => v !== 0n).map(([address, shareSats]) => ({ address, shareSats }));
    let poolBalanceSats = 0n;
    for (const d of delegates) poolBalanceSats += d.shareSats;
    const text = formatPoolshareFile({ block: b.height, poolBalanceSats, poolRevenueSats: revenue, delegates });
    const file = path.join(dir, `${b.height}poolshare.csv`);
    const tmp = `${file}.tmp-${process.pid}`;
    await fs.writeFile(tmp, text, 'latin1');
    await fs.rename(tmp, file);
    files.push(file);
  }
  return { dir, files };
}
