import type { Db } from '@ppm/ledger';
import { createQueue, type openRedis } from '@ppm/queues';
import type { QtumRpcClient } from '@ppm/qtum-rpc';
import { errorMessage, type Logger } from '@ppm/runtime';
import { emitBlocks, nudgeSnapshotter, type WatcherQueues } from './chain/block-emitter';
import { ChainIdentityError, verifyChainIdentity } from './chain/chain-identity';
import { DEFAULT_MAX_REORG_DEPTH, followStep, type FollowResult } from './chain/chain-follower';
import type { ChainWatcherConfig } from './config';
import { checkHealth } from './health/health-monitor';
import type { LatchAction } from './health/health-rules';
import { isNodeUnreachable } from './health/node-reachability';
import { createWatcherRpc } from './rpc/client-adapter';
import type { WatcherRpc } from './rpc/watcher-rpc';
import { checkStall } from './stall/stall-monitor';
import type { StallVerdict } from './stall/stall-rules';
import { highestSeenRow, seenRows } from './store/block-rows.repo';
import { clearNodeBehind, clearStall, raiseNodeBehind, writeProgress } from './store/follow-state.repo';

/** What the watcher is wired with. `rpc` may be the qtumd client or an already adapted {@link WatcherRpc}. */
export interface ChainWatcherDeps {
  readonly db: Db;
  /** BullMQ-ready connection; owned by the caller. */
  readonly redis: ReturnType<typeof openRedis>;
  readonly rpc: QtumRpcClient | WatcherRpc;
  readonly log: Logger;
  readonly prefix: string;
  /** Clock for health timing (tests); default Date.now. */
  readonly now?: () => number;
}

/**
 * What one tick did: the follow step (absent when the node was unreachable or on another chain), the health
 * transitions and the stall verdict.
 */
export interface TickResult {
  readonly follow: FollowResult | null;
  readonly health: readonly LatchAction[];
  readonly stall?: StallVerdict | null;
  readonly error?: string;
}

/** The running watcher. */
export interface ChainWatcherApp {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One poll: follow (catch-up steps until caught up), then health. Safe to call while stopped (tests). */
  tick(): Promise<TickResult>;
}

function isAdapted(rpc: QtumRpcClient | WatcherRpc): rpc is WatcherRpc {
  return typeof (rpc as WatcherRpc).getNodeFacts === 'function';
}

/**
 * Wires the chain-watcher: polls every PPM_POLL_INTERVAL_MS; each tick follows the chain (full speed while
 * behind), handles reorgs, and checks chain health. On start it re-enqueues `chain.blocks` for every
 * main-chain `seen` row (Redis may have been wiped).
 */
export function createChainWatcherApp(config: ChainWatcherConfig, deps: ChainWatcherDeps): ChainWatcherApp {
  const log = deps.log.child({ svc: 'chain-watcher' });
  const rpc = isAdapted(deps.rpc) ? deps.rpc : createWatcherRpc(deps.rpc);
  const now = deps.now ?? Date.now;
  const startedAtMs = now();
  let queues: WatcherQueues | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  let inFlight: Promise<TickResult> | undefined;

  const q = (): WatcherQueues => (queues ??= {
    blocks: createQueue('chain.blocks', deps.redis, deps.prefix),
    snapshots: createQueue('snapshots', deps.redis, deps.prefix),
  });
  const health = {
    db: deps.db, rpc, log, startedAtMs, rpcUrl: config.QTUM_RPC_URL,
    thresholds: { staleAfterMin: config.PPM_STALE_AFTER_MIN, minConnections: config.PPM_MIN_CONNECTIONS },
  };

  let identityChecked = false;
  /** The node must be on the ledger's chain before anything is followed (throws ChainIdentityError). */
  const checkIdentity = async (): Promise<boolean> => {
    if (identityChecked) return true;
    const chain = await verifyChainIdentity(deps.db, rpc, config.QTUM_RPC_URL, config.PPM_NETWORK);
    if (chain) {
      identityChecked = true;
      log.info({ chain: chain.chain, genesis: chain.genesisHash }, 'node on the ledger\'s chain');
    }
    return identityChecked;
  };
  const stallCtx = () => ({
    db: deps.db, queues: q(), log, startedAtMs,
    thresholds: { afterMin: config.PPM_STALL_AFTER_MIN ?? 15, maxRetries: config.PPM_STALL_RETRIES ?? 5 },
  });

  // The node's health is observed at most every PPM_HEALTH_INTERVAL_MS (its alerts are about minutes), not on
  // every poll: getstakinginfo walks every delegated coin on the node. An unreachable node is always reported.
  const healthIntervalMs = config.PPM_HEALTH_INTERVAL_MS ?? 0;
  let lastHealthMs: number | undefined;
  const throttledHealth = async (nodeBehind: boolean): Promise<LatchAction[]> => {
    const t = now();
    if (lastHealthMs !== undefined && t - lastHealthMs < healthIntervalMs) return [];
    lastHealthMs = t;
    return checkHealth(health, t, undefined, nodeBehind);
  };

  const runTick = async (): Promise<TickResult> => {
    const ctx = {
      db: deps.db, rpc, queues: q(), log, confirmations: config.PPM_CONFIRMATIONS, startHeight: config.PPM_START_HEIGHT,
      maxReorgDepth: config.PPM_MAX_REORG_DEPTH ?? DEFAULT_MAX_REORG_DEPTH, now,
    };
    let follow: FollowResult | null = null;
    try {
      if (!(await checkIdentity())) return { follow, health: await checkHealth(health, now()), error: 'the node has no block 0 yet' };
      // Catch-up at full speed: step until caught up (each step is one batch and one insert).
      do {
        follow = await followStep(ctx);
      } while (!follow.caughtUp && !stopping);
    } catch (err) {
      if (err instanceof ChainIdentityError) {
        log.error({ err }, 'refusing to follow: the node is on another chain');
        return { follow: null, health: [], error: err.message };
      }
      if (!isNodeUnreachable(err)) throw err;
      log.warn({ err }, 'node unreachable');
      return { follow, health: await checkHealth(health, now(), err), error: errorMessage(err) };
    }
    if (follow.behind) {
      if (await raiseNodeBehind(deps.db, follow.behind, now())) log.warn({ ...follow.behind }, `${follow.behind.message}: waiting; nothing is reversed`);
    } else if (await clearNodeBehind(deps.db)) log.info({ tip: follow.tipHeight }, 'node caught up with the ledger: following resumes');
    // Heal a chain.blocks job lost with Redis or failed for good (the snapshotter drains everything below it).
    const top = await highestSeenRow(deps.db);
    if (top) await nudgeSnapshotter(ctx.queues, top);
    const stall = await checkStall(stallCtx(), now());
    // A node behind (reindexing) has an old active tip: node_behind says so, not stale_chain.
    return { follow, health: await throttledHealth(follow.behind !== null), stall };
  };
  // Ticks never overlap (timer and explicit calls alike).
  const tick = (): Promise<TickResult> => {
    const next = (inFlight ?? Promise.resolve(undefined as unknown as TickResult)).catch(() => undefined).then(runTick);
    inFlight = next;
    return next;
  };
  const schedule = () => {
    if (stopping) return;
    timer = setTimeout(() => {
      tick()
        .catch((err: unknown) => log.error({ err }, 'chain-watcher tick failed; retrying at the next poll'))
        .finally(schedule);
    }, config.PPM_POLL_INTERVAL_MS);
  };

  return {
    async start() {
      stopping = false;
      try {
        await checkIdentity();
      } catch (err) {
        // Another chain or network is refused at start; an unreachable node is checked again at each tick.
        if (!isNodeUnreachable(err)) throw err;
        log.warn({ err }, 'node unreachable at start: its chain is checked when it answers');
      }
      // A stall judged by an earlier process is judged again (a restart may be what fixes it).
      await clearStall(deps.db);
      await writeProgress(deps.db, null);
      const pending = await seenRows(deps.db);
      await emitBlocks(q(), pending);
      log.info({ recovered: pending.length }, 'chain-watcher started');
      await tick().catch((err: unknown) => log.error({ err }, 'first tick failed; retrying at the next poll'));
      schedule();
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight?.catch(() => undefined);
      if (queues) {
        await queues.blocks.close();
        await queues.snapshots.close();
      }
      queues = undefined;
    },
    tick,
  };
}
