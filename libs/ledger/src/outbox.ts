import type { Queryable } from './db/db';

/**
 * The notification outbox contract between producers (accrual, chain-watcher, payout, notifier's own
 * schedules) and the notifier. A producer writes a message in the same transaction as the change it reports.
 * Amounts are decimal strings of satoshis; heights are numbers; times are ISO-8601 strings.
 */
export interface OutboxPayloads {
  /** A pool block was applied: reward shared among delegates. */
  pool_reward: { height: number; blockHash: string; rewardSats: string; poolFeeSats: string; delegatesPaid: number; poolWeightSats: string };
  /** A self-staked block: pool revenue, not shared. */
  self_reward: { height: number; blockHash: string; rewardSats: string };
  /** No new block for `minutes`. */
  stale_chain: { lastHeight: number; lastBlockTime: string; minutes: number };
  /** The node reports staking:false. */
  staking_off: { height: number; reason: string };
  /** The wallet is locked (unlocked_until == 0): staking stopped. */
  wallet_locked: { height: number };
  /** Connections at or below the threshold. */
  low_connections: { connections: number; threshold: number };
  /** The node does not answer. */
  node_unreachable: { url: string; error: string; sinceIso: string };
  /**
   * A planned payout waits for `ppm payout approve <planHash>` (the full 64-hex hash). `expiresAt` (ISO time):
   * after it the plan is not approved any more (PPM_PAYOUT_APPROVAL_TTL); absent in rows written before it existed.
   */
  payout_waiting_approval: { planHash: string; delegates: number; totalSats: string; batches: number; asOfHeight: number; expiresAt?: string };
  /** Payout transactions were broadcast. */
  payout_broadcast: { planHash: string; txids: string[]; outputs: number; totalSats: string; feeSats: string };
  /** A payout batch reached the required confirmations. */
  payout_confirmed: { planHash: string; batchId: string; txid: string; outputs: number; totalSats: string; confirmations: number };
  /** A payout batch was dropped or conflicted; amounts returned to balances. */
  payout_failed: { planHash: string; batchId: string; txid: string | null; reason: string; totalSats: string };
  /**
   * A payout batch cannot go on and waits without releasing anything (e.g. its tx spends a parent this node
   * lost): `reason` says what it waits for. Nothing is paid twice while it waits.
   */
  payout_stuck: { planHash: string; batchId: string; txid: string | null; reason: string; totalSats: string };
  /**
   * A batch that had been dropped (amounts returned to balances) was mined after all: its recipients were paid
   * by it; the ledger records it as paid (balances drop by its amounts, possibly below zero).
   */
  payout_dropped_confirmed: { planHash: string; batchId: string; txid: string; blockHeight: number; totalSats: string; outputs: number };
  /** A pool block had no eligible weight (W == 0): reward unallocated. */
  unallocated_reward: { height: number; blockHash: string; amountSats: string };
  /** The node's chain is below the ledger's cursor or in initial block download (reindex, catch-up): following waits. */
  node_behind: { nodeHeight: number; ledgerHeight: number; blocks: number; initialBlockDownload: boolean; message: string };
  /** A reorg deeper than PPM_MAX_REORG_DEPTH: following stopped until `ppm reorg accept <forkHash>`. */
  deep_reorg: { forkHeight: number; forkHash: string; depth: number; maxDepth: number; ledgerTipHeight: number; nodeHeight: number; message: string };
  /** The applied height makes no progress: `message` says which block waits for what. */
  chain_stall: { height: number; hash: string; waitsFor: string; minutes: number; message: string };
  /**
   * SIGHUP: the rules file (PPM_RULES_FILE) could not be reloaded (invalid file, or a redirect whose signature the
   * node refuses); `service` keeps the rules of `keptVersion` (null: no rules) and `problems` lists each problem.
   */
  rules_reload_failed: { service: string; file: string; problems: string[]; keptVersion: string | null };
  /** A block left the main chain and its entries were reversed. */
  reorg_reversal: { height: number; blockHash: string; kind: string; reversedSats: string; entries: number };
  /** Hourly status. */
  hourly_status: {
    height: number; balanceSats: string; stakeSats: string; ownWeightSats: string; delegatedWeightSats: string;
    delegates: number; expectedSecondsToNextBlock: number; staking: boolean;
  };
  /** Daily summary. */
  daily_summary: { date: string; poolBlocks: number; selfBlocks: number; rewardSats: string; paidSats: string; delegates: number; balanceOwedSats: string };
  /** `ppm notify test`. */
  test: { requestedBy: string; note: string };
}

/** Every outbox message kind. */
export type OutboxKind = keyof OutboxPayloads;

/** Severity: critical messages may bypass quiet hours. */
export type Severity = 'info' | 'warning' | 'critical';

/** Default severity per kind (a producer may raise it). */
export const DEFAULT_SEVERITY: Readonly<Record<OutboxKind, Severity>> = {
  pool_reward: 'info',
  self_reward: 'info',
  stale_chain: 'critical',
  staking_off: 'critical',
  wallet_locked: 'critical',
  low_connections: 'warning',
  node_unreachable: 'critical',
  payout_waiting_approval: 'warning',
  payout_broadcast: 'info',
  payout_confirmed: 'info',
  payout_failed: 'critical',
  payout_stuck: 'critical',
  payout_dropped_confirmed: 'critical',
  unallocated_reward: 'warning',
  reorg_reversal: 'warning',
  rules_reload_failed: 'warning',
  node_behind: 'warning',
  deep_reorg: 'critical',
  chain_stall: 'critical',
  hourly_status: 'info',
  daily_summary: 'info',
  test: 'info',
};

/** A message to write. */
export interface OutboxMessage<K extends OutboxKind> {
  kind: K;
  payload: OutboxPayloads[K];
  /** Business key: a second write with the same key is ignored. */
  dedupeKey: string;
  severity?: Severity;
}

/**
 * Writes one outbox message inside the caller's transaction. Returns the new id, or null when a message with
 * the same dedupe key already exists (a retried producer).
 */
export async function writeOutbox<K extends OutboxKind>(tx: Queryable, msg: OutboxMessage<K>): Promise<string | null> {
  const r = await tx.query<{ id: string }>(
    `INSERT INTO outbox (kind, severity, payload, dedupe_key) VALUES ($1, $2, $3, $4)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [msg.kind, msg.severity ?? DEFAULT_SEVERITY[msg.kind], JSON.stringify(msg.payload), msg.dedupeKey],
  );
  return r.rows[0]?.id ?? null;
}
