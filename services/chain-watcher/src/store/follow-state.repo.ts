import { randomUUID } from 'node:crypto';
import {
  FOLLOW_KEYS, reorgGateMessage, writeOutbox, type Db, type LedgerChain, type NodeBehindState, type Queryable, type ReorgGateState, type StallState,
} from '@ppm/ledger';
import type { NodeBehind } from '../chain/node-position';

async function readKv<T>(db: Queryable, key: string): Promise<T | null> {
  const r = await db.query<{ value: T }>('SELECT value FROM kv WHERE key = $1', [key]);
  return r.rows[0]?.value ?? null;
}

async function putKv(db: Queryable, key: string, value: unknown): Promise<void> {
  await db.query(
    `INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

async function deleteKv(db: Queryable, key: string): Promise<boolean> {
  return (await db.query('DELETE FROM kv WHERE key = $1', [key])).rowCount > 0;
}

/**
 * Records that the node is behind. The first call of an episode inserts the latch and writes ONE `node_behind`
 * alert in the same transaction (dedupe key with a fresh episode id); later calls only refresh the figures.
 * Returns true when this call raised the alert.
 */
export async function raiseNodeBehind(db: Db, b: NodeBehind, nowMs: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const existing = await readKv<NodeBehindState>(tx, FOLLOW_KEYS.nodeBehind);
    const state: NodeBehindState = { ...b, sinceMs: existing?.sinceMs ?? nowMs, episode: existing?.episode ?? `${nowMs}-${randomUUID()}` };
    if (existing) {
      await putKv(tx, FOLLOW_KEYS.nodeBehind, state);
      return false;
    }
    const ins = await tx.query(`INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key`, [FOLLOW_KEYS.nodeBehind, JSON.stringify(state)]);
    if (ins.rowCount === 0) return false;
    await writeOutbox(tx, {
      kind: 'node_behind',
      dedupeKey: `node_behind:${state.episode}`,
      payload: { nodeHeight: b.nodeHeight, ledgerHeight: b.ledgerHeight, blocks: b.blocks, initialBlockDownload: b.initialBlockDownload, message: b.message },
    });
    return true;
  });
}

/** Ends a node-behind episode (the next one alerts again). True when one was open. */
export function clearNodeBehind(db: Queryable): Promise<boolean> {
  return deleteKv(db, FOLLOW_KEYS.nodeBehind);
}

/** The pending deep reorg, if any. */
export function readReorgGate(db: Queryable): Promise<ReorgGateState | null> {
  return readKv<ReorgGateState>(db, FOLLOW_KEYS.reorgGate);
}

/**
 * Holds a deep reorg for the operator. A gate for the same fork point is kept as is (one critical alert per
 * fork point); a different fork point replaces it (its acceptance does not carry over) and alerts again.
 * Returns the gate in force.
 */
export async function holdReorgGate(db: Db, gate: Omit<ReorgGateState, 'sinceMs' | 'acceptedAtMs'>, nowMs: number): Promise<ReorgGateState> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7270051)');
    const existing = await readReorgGate(tx);
    if (existing && existing.forkHash === gate.forkHash) return existing;
    const state: ReorgGateState = { ...gate, sinceMs: nowMs };
    await putKv(tx, FOLLOW_KEYS.reorgGate, state);
    await writeOutbox(tx, {
      kind: 'deep_reorg',
      dedupeKey: `deep_reorg:${gate.forkHash}:${nowMs}`,
      payload: {
        forkHeight: gate.forkHeight, forkHash: gate.forkHash, depth: gate.depth, maxDepth: gate.maxDepth,
        ledgerTipHeight: gate.ledgerTipHeight, nodeHeight: gate.nodeHeight, message: reorgGateMessage(gate),
      },
    });
    return state;
  });
}

/** Removes the gate (acted on, or the node came back to the ledger's chain). */
export function clearReorgGate(db: Queryable): Promise<boolean> {
  return deleteKv(db, FOLLOW_KEYS.reorgGate);
}

/** The chain the ledger was built on, or null before the first start. */
export function readLedgerChain(db: Queryable): Promise<LedgerChain | null> {
  return readKv<LedgerChain>(db, FOLLOW_KEYS.chain);
}

/** Records the ledger's chain once (a concurrent first start keeps the first record). Returns the record in force. */
export async function recordLedgerChain(db: Queryable, chain: Omit<LedgerChain, 'recordedAt'>): Promise<LedgerChain> {
  const value: LedgerChain = { ...chain, recordedAt: new Date().toISOString() };
  await db.query(`INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [FOLLOW_KEYS.chain, JSON.stringify(value)]);
  return (await readLedgerChain(db)) ?? value;
}

/** The stall clock: the lowest waiting block and since when it waits. */
export interface ProgressMark {
  readonly height: number;
  readonly hash: string;
  readonly sinceMs: number;
}

/** Reads the stall clock. */
export function readProgress(db: Queryable): Promise<ProgressMark | null> {
  return readKv<ProgressMark>(db, FOLLOW_KEYS.progress);
}

/** Sets (or, with null, clears) the stall clock. */
export async function writeProgress(db: Queryable, mark: ProgressMark | null): Promise<void> {
  if (mark) await putKv(db, FOLLOW_KEYS.progress, mark);
  else await deleteKv(db, FOLLOW_KEYS.progress);
}

/**
 * Records a stall. The first call of an episode writes ONE `chain_stall` alert with the latch; later calls
 * refresh the text (what the block waits for may change). Returns true when this call raised the alert.
 */
export async function raiseStall(db: Db, s: Omit<StallState, 'episode' | 'sinceMs'>, sinceMs: number, nowMs: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const existing = await readKv<StallState>(tx, FOLLOW_KEYS.stall);
    if (existing && existing.hash === s.hash) {
      await putKv(tx, FOLLOW_KEYS.stall, { ...existing, ...s });
      return false;
    }
    const state: StallState = { ...s, sinceMs, episode: `${nowMs}-${randomUUID()}` };
    await putKv(tx, FOLLOW_KEYS.stall, state);
    await writeOutbox(tx, {
      kind: 'chain_stall',
      dedupeKey: `chain_stall:${state.episode}`,
      payload: { height: s.height, hash: s.hash, waitsFor: s.waitsFor, minutes: Math.floor((nowMs - sinceMs) / 60_000), message: s.message },
    });
    return true;
  });
}

/** Ends a stall episode. True when one was open. */
export function clearStall(db: Queryable): Promise<boolean> {
  return deleteKv(db, FOLLOW_KEYS.stall);
}
