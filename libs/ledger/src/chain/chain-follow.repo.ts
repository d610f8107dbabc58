import type { Queryable } from '../db/db';

/**
 * What the chain-watcher records about following the node, for `ppm status`, `/v1/status`, the metrics and
 * `ppm reorg accept`. Rows of `kv`, written by the chain-watcher (each in the transaction of its alert).
 */
export const FOLLOW_KEYS = {
  /** The chain the ledger was built on, recorded at the first start. */
  chain: 'ledger/chain',
  /** Latch of a "node behind" episode (present while the node's chain is below the ledger's cursor or in IBD). */
  nodeBehind: 'chain-watcher/follow/node_behind',
  /** A reorg deeper than PPM_MAX_REORG_DEPTH that waits for `ppm reorg accept <fork hash>`. */
  reorgGate: 'chain-watcher/follow/reorg_gate',
  /** Latch of a stall episode (the applied height makes no progress). */
  stall: 'chain-watcher/follow/stall',
  /** The lowest block still waiting and since when (the stall clock). */
  progress: 'chain-watcher/follow/progress',
} as const;

/** The chain a ledger was built on. */
export interface LedgerChain {
  readonly genesisHash: string;
  /** qtumd's getblockchaininfo.chain: main, test or regtest. */
  readonly chain: string;
  readonly recordedAt: string;
}

/** The node's active chain is below the ledger's cursor, or the node is in initial block download. */
export interface NodeBehindState {
  readonly nodeHeight: number;
  readonly ledgerHeight: number;
  /** ledgerHeight - nodeHeight, never below 0. */
  readonly blocks: number;
  readonly initialBlockDownload: boolean;
  readonly message: string;
  readonly sinceMs: number;
  readonly episode: string;
}

/** A deep reorg that waits for the operator. */
export interface ReorgGateState {
  /** Highest block the ledger shares with the node's chain (the fork point). */
  readonly forkHeight: number;
  readonly forkHash: string;
  /** Ledger blocks that would leave the main chain. */
  readonly depth: number;
  readonly maxDepth: number;
  readonly ledgerTipHeight: number;
  readonly ledgerTipHash: string;
  readonly nodeHeight: number;
  readonly sinceMs: number;
  /** Set by `ppm reorg accept <forkHash>`. */
  readonly acceptedAtMs?: number;
}

/** The applied height makes no progress: which block waits for what. */
export interface StallState {
  readonly height: number;
  readonly hash: string;
  readonly waitsFor: string;
  readonly message: string;
  readonly sinceMs: number;
  readonly episode: string;
}

/** Everything the watcher recorded about following the chain (absent parts are null). */
export interface ChainFollowState {
  readonly chain: LedgerChain | null;
  readonly nodeBehind: NodeBehindState | null;
  readonly reorgGate: ReorgGateState | null;
  readonly stall: StallState | null;
}

/** The operator's line for a node behind the ledger (the words `ppm status` and `/v1/status` show). */
export function nodeBehindMessage(blocks: number): string {
  return `node behind the ledger by ${blocks} blocks (reindexing / catching up)`;
}

/** The operator's line for a pending deep reorg. */
export function reorgGateMessage(g: Pick<ReorgGateState, 'forkHeight' | 'forkHash' | 'depth' | 'maxDepth'>): string {
  return `deep reorg of ${g.depth} blocks (more than PPM_MAX_REORG_DEPTH ${g.maxDepth}) from fork point ${g.forkHeight} ${g.forkHash}: ` +
    `following stopped; confirm with \`ppm reorg accept ${g.forkHash}\``;
}

async function readKv<T>(db: Queryable, key: string): Promise<T | null> {
  const r = await db.query<{ value: T }>('SELECT value FROM kv WHERE key = $1', [key]);
  return r.rows[0]?.value ?? null;
}

/** Reads what the chain-watcher recorded, in one query (the api asks on every `/v1/status`). */
export async function readChainFollowState(db: Queryable): Promise<ChainFollowState> {
  const keys = [FOLLOW_KEYS.chain, FOLLOW_KEYS.nodeBehind, FOLLOW_KEYS.reorgGate, FOLLOW_KEYS.stall];
  const r = await db.query<{ key: string; value: unknown }>(
    'SELECT key, value FROM kv WHERE key IN ($1, $2, $3, $4)', keys);
  const by = new Map(r.rows.map((row) => [row.key, row.value]));
  return {
    chain: (by.get(FOLLOW_KEYS.chain) ?? null) as LedgerChain | null,
    nodeBehind: (by.get(FOLLOW_KEYS.nodeBehind) ?? null) as NodeBehindState | null,
    reorgGate: (by.get(FOLLOW_KEYS.reorgGate) ?? null) as ReorgGateState | null,
    stall: (by.get(FOLLOW_KEYS.stall) ?? null) as StallState | null,
  };
}

/** Why `ppm reorg accept` refused. */
export class ReorgAcceptError extends Error {
  override readonly name = 'ReorgAcceptError';
}

/**
 * Records the operator's confirmation of the pending deep reorg whose fork point is `forkHash`: the watcher then
 * acts on it as on a shallow reorg. Refuses when no deep reorg waits, or when `forkHash` is not its fork point
 * (the chain may have moved: the operator confirms what they saw). Returns the gate as accepted.
 */
export async function acceptReorgGate(db: Queryable, forkHash: string, nowMs: number): Promise<ReorgGateState> {
  const gate = await readKv<ReorgGateState>(db, FOLLOW_KEYS.reorgGate);
  if (!gate) throw new ReorgAcceptError('no deep reorg waits for acceptance');
  if (gate.forkHash !== forkHash.toLowerCase()) {
    throw new ReorgAcceptError(`the pending deep reorg forks at block ${gate.forkHeight} ${gate.forkHash}, not at ${forkHash}: nothing accepted`);
  }
  const accepted: ReorgGateState = { ...gate, acceptedAtMs: nowMs };
  const r = await db.query(`UPDATE kv SET value = $2, updated_at = now() WHERE key = $1 AND value->>'forkHash' = $3`,
    [FOLLOW_KEYS.reorgGate, JSON.stringify(accepted), gate.forkHash]);
  if (r.rowCount === 0) throw new ReorgAcceptError('the pending deep reorg changed meanwhile: run `ppm status` and try again');
  return accepted;
}

/** The chain-following situation in one word and one operator line (`ppm status`, `/v1/status`). */
export interface ChainFollowSummary {
  /** following: all well; node-behind: waiting for the node; reorg-gate: waiting for the operator; stalled: the pipeline waits. */
  readonly state: 'following' | 'node-behind' | 'reorg-gate' | 'stalled';
  /** The operator line (null when following). */
  readonly message: string | null;
  readonly nodeBehind: NodeBehindState | Omit<NodeBehindState, 'sinceMs' | 'episode'> | null;
  /** The pending deep reorg: its fork point is what `ppm reorg accept` takes. */
  readonly reorgGate: (ReorgGateState & { readonly message: string }) | null;
  readonly stall: StallState | null;
  readonly chain: LedgerChain | null;
}

/**
 * Summarises what the watcher recorded; `liveBehind` (the caller's own reading of the node, when it has one)
 * wins over the recorded episode. Precedence: a pending deep reorg, then a node behind, then a stall.
 */
export function summarizeChainFollow(
  s: ChainFollowState, liveBehind?: Omit<NodeBehindState, 'sinceMs' | 'episode'> | null,
): ChainFollowSummary {
  const nodeBehind = liveBehind === undefined ? s.nodeBehind : liveBehind;
  const reorgGate = s.reorgGate ? { ...s.reorgGate, message: reorgGateMessage(s.reorgGate) } : null;
  const base = { nodeBehind, reorgGate, stall: s.stall, chain: s.chain };
  if (reorgGate && reorgGate.acceptedAtMs === undefined) return { ...base, state: 'reorg-gate', message: reorgGate.message };
  if (nodeBehind) return { ...base, state: 'node-behind', message: nodeBehind.message };
  if (s.stall) return { ...base, state: 'stalled', message: s.stall.message };
  return { ...base, state: 'following', message: null };
}
