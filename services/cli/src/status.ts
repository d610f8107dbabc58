import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '@ppm/ledger';
import { getPoolStats, nodeBehindMessage, readChainFollowState, summarizeChainFollow } from '@ppm/ledger';
import { notifierStatus } from '@ppm/notifier';
import { RpcInWarmupError, RpcTransportError, type QtumRpcClient } from '@ppm/qtum-rpc';
import { QUEUE_NAMES, pendingJobs } from '@ppm/queues';
import { errorMessage } from '@ppm/runtime';
import { redactUrl } from './node-check';

/** Jobs still to do per queue. */
export async function queueDepths(redis: Redis, prefix: string): Promise<Record<string, number>> {
  const depths: Record<string, number> = {};
  for (const name of QUEUE_NAMES) {
    const q = new Queue(name, { connection: redis, prefix });
    try {
      depths[name] = await pendingJobs(q);
    } finally {
      await q.close();
    }
  }
  return depths;
}

/** Counts of payout batches per state. */
async function payoutStates(db: Db): Promise<Record<string, number>> {
  const r = await db.query<{ state: string; n: string }>('SELECT state, count(*)::text AS n FROM payout_batches GROUP BY state');
  return Object.fromEntries(r.rows.map((row) => [row.state, Number(row.n)]));
}

/** Height of the ledger's cursor (highest main-chain block), or null on an empty ledger. */
async function cursorHeight(db: Db): Promise<number | null> {
  const r = await db.query<{ h: number | null }>('SELECT max(height) AS h FROM blocks WHERE on_main_chain');
  const h = r.rows[0]?.h;
  return h === null || h === undefined ? null : Number(h);
}

/** What `ppm status` says about the node: its tip (and whether it is in initial block download), or why it could not be asked ({@link nodeErrorLine}). */
export type NodeStatus = { tip: number; staking: boolean | null; initialBlockDownload: boolean; tipTime: string | null } | { error: string };

/**
 * One line on why the node could not be asked, naming it without credentials: `node unreachable at URL (ECONNREFUSED)`
 * when no reply came (the socket error code, or ETIMEDOUT), otherwise what it answered.
 */
export function nodeErrorLine(err: unknown, rpcUrl: string | undefined): string {
  const where = rpcUrl === undefined ? 'qtumd' : redactUrl(rpcUrl);
  if (err instanceof RpcTransportError) return `node unreachable at ${where} (${err.errno ?? 'no reply'})`;
  if (err instanceof RpcInWarmupError) return `node at ${where} is starting (${err.message})`;
  return `node at ${where} failed: ${errorMessage(err)}`;
}

/** Asks the node for its tip, staking and block download state; never throws (the error becomes {@link nodeErrorLine}). */
export async function probeNode(rpc: QtumRpcClient, rpcUrl?: string): Promise<NodeStatus> {
  try {
    // getblockchaininfo: the active chain's height and initialblockdownload (a reindexing node is behind).
    const info = await rpc.getblockchaininfo();
    let staking: boolean | null = null;
    try {
      staking = (await rpc.getstakinginfo()).staking;
    } catch {
      staking = null;
    }
    // The tip's own block time (getblockchaininfo.time): a tip that stops moving is a stalled node.
    return { tip: info.blocks, staking, initialBlockDownload: info.initialblockdownload, tipTime: new Date(info.time * 1000).toISOString() };
  } catch (err) {
    return { error: nodeErrorLine(err, rpcUrl) };
  }
}

/**
 * Everything `ppm status` and `/v1/status` report (see {@link healthProblems} for what counts as unhealthy). Each part
 * fails alone: an unreachable node is reported, not thrown. `node`, when given, is a {@link probeNode} already under
 * way (started before the ledger was opened, so the two waits overlap); otherwise `rpc` is probed here.
 */
export async function collectStatus(deps: {
  db: Db; redis?: Redis; prefix: string; rpc?: QtumRpcClient; rpcUrl?: string; node?: Promise<NodeStatus>; confirmations: number;
}) {
  const stats = await getPoolStats(deps.db);
  const node: NodeStatus | null = deps.node ? await deps.node : deps.rpc ? await probeNode(deps.rpc, deps.rpcUrl) : null;
  // Chain following: what the watcher recorded (deep reorg gate, stall), and the node's position read now.
  const cursor = await cursorHeight(deps.db);
  let liveBehind: { nodeHeight: number; ledgerHeight: number; blocks: number; initialBlockDownload: boolean; message: string } | null | undefined;
  if (node && 'tip' in node && cursor !== null) {
    const behind = node.initialBlockDownload || node.tip < cursor;
    const blocks = Math.max(0, cursor - node.tip);
    liveBehind = behind ? { nodeHeight: node.tip, ledgerHeight: cursor, blocks, initialBlockDownload: node.initialBlockDownload, message: nodeBehindMessage(blocks) } : null;
  }
  const chainFollow = summarizeChainFollow(await readChainFollowState(deps.db), liveBehind);
  const tip = node && 'tip' in node ? node.tip : null;
  const confirmedTip = tip === null ? null : tip - deps.confirmations;
  return {
    node,
    appliedHeight: stats.appliedHeight,
    lagBlocks: confirmedTip === null || stats.appliedHeight === null ? null : Math.max(0, confirmedTip - stats.appliedHeight),
    chainFollow,
    poolWeightSats: stats.poolWeightSats,
    delegates: stats.delegateCount,
    knownDelegates: stats.knownDelegates,
    lastPoolBlock: stats.lastPoolBlock,
    poolBlocks: stats.poolBlocks,
    selfBlocks: stats.selfBlocks,
    totals: stats.totals,
    queues: deps.redis ? await queueDepths(deps.redis, deps.prefix).catch((err: unknown) => ({ error: errorMessage(err) })) : null,
    payouts: await payoutStates(deps.db),
    notifications: await notifierStatus(deps.db),
  };
}

/** What `ppm status` reports. */
export type Status = Awaited<ReturnType<typeof collectStatus>>;

/** Limits beyond which `ppm status --check` reports a problem. */
export interface HealthLimits {
  /** Confirmed blocks the ledger may be behind the node. */
  maxLagBlocks: number;
  /** Minutes without a new tip before the node counts as stalled (PPM_STALE_AFTER_MIN). */
  staleAfterMin: number;
  now?: Date;
}

/**
 * Every reason the pool is unhealthy, one line each (empty = healthy): the node unreachable or stalled, the
 * ledger lagging behind the confirmed tip, queues unreadable, mail failing. The one place that decides health:
 * `ppm status` exits non-zero when the node is unreachable, `ppm status --check` on any of these.
 */
export function healthProblems(status: Status, limits: HealthLimits): string[] {
  const problems: string[] = [];
  const now = (limits.now ?? new Date()).getTime();
  const node = status.node;
  if (node === null) problems.push('node: not configured (QTUM_RPC_URL)');
  else if ('error' in node) problems.push(node.error);
  else if (node.tipTime !== null) {
    const ageMin = (now - Date.parse(node.tipTime)) / 60_000;
    if (ageMin > limits.staleAfterMin) problems.push(`node stalled: no new block for ${Math.floor(ageMin)} min (tip ${node.tip} at ${node.tipTime}; limit PPM_STALE_AFTER_MIN=${limits.staleAfterMin})`);
  }
  if (status.lagBlocks !== null && status.lagBlocks > limits.maxLagBlocks) {
    problems.push(`ledger lagging: applied through ${status.appliedHeight}, ${status.lagBlocks} confirmed blocks behind (limit ${limits.maxLagBlocks})`);
  }
  const follow = status.chainFollow;
  if (follow.reorgGate && follow.reorgGate.acceptedAtMs === undefined) {
    problems.push(`deep reorg waits for the operator: fork point ${follow.reorgGate.forkHeight} ${follow.reorgGate.forkHash} (${follow.reorgGate.depth} blocks deep; ppm reorg accept)`);
  }
  if (follow.nodeBehind) problems.push(`chain: ${follow.nodeBehind.message}`);
  if (follow.stall) problems.push(`chain: ${follow.stall.message}`);
  if (status.queues && 'error' in status.queues) problems.push(`queues unreadable: ${String(status.queues.error)}`);
  const mail = status.notifications;
  if (mail.deliveries.retry > 0) {
    problems.push(`mail failing: ${mail.deliveries.retry} deliveries waiting to retry${mail.lastError ? ` (last error ${mail.lastError.at}: ${mail.lastError.error})` : ''}`);
  }
  return problems;
}

/** True when the node could not be asked at all (`ppm status` then exits non-zero even without --check). */
export function nodeUnreachable(status: Status): boolean {
  return status.node === null || 'error' in status.node;
}
