import { sha256Hex, type NetworkName } from '@ppm/chain';
import { PermanentError } from '@ppm/runtime';
import type { Db, Queryable } from '../db/db';
import { parsePoolshareFile } from './poolshare-file';

/** Options of {@link importPpmPoolshare}. */
export interface ImportPoolshareOptions {
  /** The network the addresses must belong to. */
  network: NetworkName;
  /** Where the file came from (the path the operator gave), kept as provenance. */
  source: string;
}

/** What an import wrote. */
export interface ImportPoolshareResult {
  readonly importId: string;
  readonly fileSha256: string;
  /** The file's block: accrual must start at block + 1. */
  readonly block: number;
  /** Delegates with a positive opening balance (zero lines are recorded in the count only). */
  readonly delegates: number;
  readonly totalSats: bigint;
  readonly poolBalanceSats: bigint;
  readonly poolRevenueSats: bigint;
  /**
   * poolbalance - sum of the delegate lines. The original's stale-weight bug (ppm.md 3.3.6) and its W == 0
   * blocks (8, bug 6) make them differ; the ledger takes the delegate lines, this shows the gap.
   */
  readonly poolBalanceGapSats: bigint;
}

/** An import the ledger refuses (already imported, or it would double-count applied blocks). */
export class ImportRefusedError extends PermanentError {
  override readonly name = 'ImportRefusedError';
}

/** kv key of the import provenance record. */
export const POOLSHARE_IMPORT_KV_KEY = 'import:ppm_poolshare';

/**
 * Imports the original program's `currentpoolshare.txt` as opening balances, once. The file is validated
 * first (every line; a malformed file throws PoolshareFileError listing the line numbers). In ONE transaction:
 * refuses a second import and a file whose block is at or below an already applied block (its balances already
 * contain that block: the original's double-credit-on-restart bug), then writes the `ledger_imports` row
 * (sha256, source, block, time), one `opening_balance` entry per delegate with a positive share and a kv
 * provenance record. The unique index `ledger_imports_once` is the last defence against a racing import.
 */
export async function importPpmPoolshare(db: Db, fileText: string, opts: ImportPoolshareOptions): Promise<ImportPoolshareResult> {
  const file = parsePoolshareFile(fileText, opts.network);
  const fileSha256 = sha256Hex(fileText);
  const positive = file.delegates.filter((d) => d.shareSats > 0n);
  let totalSats = 0n;
  for (const d of positive) totalSats += d.shareSats;
  return db.transaction(async (tx) => {
    // Serialise imports: the second one waits here, then sees the first.
    await tx.query('LOCK TABLE ledger_imports IN EXCLUSIVE MODE');
    const prior = await tx.query<{ id: string; source: string; file_sha256: string; block_height: number; imported_at: Date }>(
      `SELECT id, source, file_sha256, block_height, imported_at FROM ledger_imports WHERE kind = 'ppm_poolshare'`,
    );
    const p = prior.rows[0];
    if (p) {
      throw new ImportRefusedError(`a pool share file was already imported (import ${p.id} of ${new Date(p.imported_at).toISOString()}, ` +
        `source ${p.source}, block ${p.block_height}, sha256 ${p.file_sha256}${p.file_sha256 === fileSha256 ? ': the same file' : ''}); ` +
        'a second import would credit every delegate twice');
    }
    const applied = await tx.query<{ height: number }>(
      `SELECT max(height) AS height FROM blocks WHERE on_main_chain AND status = 'applied' AND height <= $1`,
      [file.block],
    );
    const appliedHeight = applied.rows[0]?.height;
    if (appliedHeight !== null && appliedHeight !== undefined) {
      throw new ImportRefusedError(`the ledger already applied block ${appliedHeight} <= the file's block ${file.block}: ` +
        'the file\'s balances include it, importing would credit it twice');
    }
    const ins = await tx.query<{ id: string }>(
      `INSERT INTO ledger_imports (kind, network, source, file_sha256, block_height, pool_balance_sats, pool_revenue_sats, delegate_count, total_sats)
       VALUES ('ppm_poolshare', $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [opts.network, opts.source, fileSha256, file.block, file.poolBalanceSats, file.poolRevenueSats, positive.length, totalSats],
    );
    const importId = ins.rows[0]!.id;
    // One statement for all delegates (files of thousands of lines), in file order so entry ids keep slot order.
    if (positive.length > 0) {
      await tx.query(
        `INSERT INTO ledger_entries (kind, address, amount_sats, height, import_id)
         SELECT 'opening_balance', a.address, a.amount::numeric, $3, $4
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS a(address, amount, n) ORDER BY a.n`,
        [positive.map((d) => d.address), positive.map((d) => d.shareSats.toString()), file.block, importId],
      );
    }
    const record = {
      importId, kind: 'ppm_poolshare', network: opts.network, source: opts.source, fileSha256, block: file.block,
      poolBalanceSats: file.poolBalanceSats.toString(), poolRevenueSats: file.poolRevenueSats.toString(),
      delegates: positive.length, totalSats: totalSats.toString(), importedAt: new Date().toISOString(),
    };
    await tx.query(
      `INSERT INTO kv (key, value, updated_at) VALUES ($1, $2, now())`,
      [POOLSHARE_IMPORT_KV_KEY, JSON.stringify(record)],
    );
    return {
      importId, fileSha256, block: file.block, delegates: positive.length, totalSats,
      poolBalanceSats: file.poolBalanceSats, poolRevenueSats: file.poolRevenueSats,
      poolBalanceGapSats: file.poolBalanceSats - totalSats,
    };
  });
}

/** The block of the pool share import, or null when none was imported (accrual refuses blocks at or below it). */
export async function getImportedBlock(db: Queryable): Promise<number | null> {
  const r = await db.query<{ block_height: number }>(`SELECT block_height FROM ledger_imports WHERE kind = 'ppm_poolshare'`);
  return r.rows[0]?.block_height ?? null;
}
