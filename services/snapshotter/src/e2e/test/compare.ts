import { getBalances, type Db } from '@ppm/ledger';
import type { ExpectedLedger } from './expected-ledger';

/** The ledger's accrued balances as a plain object (zero balances dropped), for a readable diff. */
export async function actualBalances(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const b of await getBalances(db)) if (b.accruedSats !== 0n) out[b.address] = b.accruedSats.toString();
  return out;
}

/** The oracle's balances in the same shape. */
export function expectedBalances(e: ExpectedLedger): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [a, v] of [...e.balances.entries()].sort(([x], [y]) => (x < y ? -1 : 1))) if (v !== 0n) out[a] = v.toString();
  return out;
}

/** Stored kind/reward per main-chain height, in the oracle's shape. */
export async function actualBlocks(db: Db, from: number, to: number): Promise<Record<number, string>> {
  const r = await db.query<{ height: number; kind: string; reward_sats: string }>(
    `SELECT height, kind, reward_sats FROM blocks WHERE on_main_chain AND height BETWEEN $1 AND $2 ORDER BY height`, [from, to],
  );
  return Object.fromEntries(r.rows.map((x) => [x.height, `${x.kind}:${x.reward_sats}`]));
}

/** The oracle's kind/reward per height. */
export function expectedBlocks(e: ExpectedLedger): Record<number, string> {
  return Object.fromEntries([...e.blocks.entries()].map(([h, b]) => [h, `${b.kind}:${b.rewardSats}`]));
}

/** Stored snapshot weights per pool height. */
export async function actualWeights(db: Db): Promise<Record<number, Record<string, string>>> {
  const r = await db.query<{ height: number; address: string; weight_sats: string }>(
    `SELECT s.height, w.address, w.weight_sats FROM snapshot_weights w JOIN snapshots s ON s.block_hash = w.block_hash
     JOIN blocks b ON b.hash = s.block_hash WHERE b.on_main_chain ORDER BY s.height, w.address`,
  );
  const out: Record<number, Record<string, string>> = {};
  for (const x of r.rows) (out[x.height] ??= {})[x.address] = x.weight_sats;
  return out;
}

/** The oracle's weights per pool height (pool blocks without eligible delegates have no entry). */
export function expectedWeights(e: ExpectedLedger): Record<number, Record<string, string>> {
  const out: Record<number, Record<string, string>> = {};
  for (const [h, w] of e.weights) {
    if (w.size === 0) continue;
    out[h] = Object.fromEntries([...w.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([a, v]) => [a, v.toString()]));
  }
  return out;
}
