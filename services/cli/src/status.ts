import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '@ppm/ledger';
import { getPoolStats, nodeBehindMessage, readChainFollowState, summarizeChainFollow } from '@ppm/ledger';
import { notifierStatus } from '@ppm/notifier';
import type { QtumRpcClient } from '@ppm/qtum-rpc';
import { QUEUE_NAMES, pendingJobs } from '@ppm/queues';
import { errorMessage } from '@ppm/runtime';

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

/** Everything `ppm status` and `/v1/status` report. Each part fails alone: an unreachable node is reported, not thrown. */
export async function collectStatus(deps: { db: Db; redis?: Redis; prefix: string; rpc?: QtumRpcClient; confirmations: number }) {
  const stats = await getPoolStats(deps.db);
  let node: { tip: number; staking: boolean | null; initialBlockDownload: boolean } | { error: string } | null = null;
  if (deps.rpc) {
    try {
      // getblockchaininfo: the active chain's height and initialblockdownload (a reindexing node is behind).
      const info = await deps.rpc.getblockchaininfo();
      let staking: boolean | null = null;
      try {
        staking = (await deps.rpc.getstakinginfo()).staking;
      } catch {
        staking = null;
      }
      node = { tip: info.blocks, staking, initialBlockDownload: info.initialblockdownload };
    } catch (err) {
      node = { error: errorMessage(err) };
    }
  }
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
