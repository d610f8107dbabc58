import type { Db } from '@ppm/ledger';
import { errorMessage, type Logger } from '@ppm/runtime';
import type { WatcherRpc } from '../rpc/watcher-rpc';
import { clearLatch, raiseLatch, readLatches } from './health-latches.repo';
import { evaluateHealth, latchActions, type HealthObservation, type HealthThresholds, type LatchAction } from './health-rules';
import { isNodeUnreachable } from './node-reachability';

/** Dependencies of {@link checkHealth}. */
export interface HealthContext {
  readonly db: Db;
  readonly rpc: WatcherRpc;
  readonly log: Logger;
  readonly thresholds: HealthThresholds;
  readonly rpcUrl: string;
  readonly startedAtMs: number;
}

/**
 * Observes the node (one batch), evaluates every condition and moves the latches: an alert goes to the outbox
 * once per episode, and a cleared condition re-arms. `unreachable` carries the error of a call that already
 * failed this tick (then the node is not asked again).
 */
export async function checkHealth(ctx: HealthContext, nowMs: number, unreachable?: unknown, nodeBehind = false): Promise<LatchAction[]> {
  const base = { nowMs, startedAtMs: ctx.startedAtMs, rpcUrl: ctx.rpcUrl };
  let obs: HealthObservation;
  if (unreachable !== undefined) obs = { ...base, reachable: false, error: errorMessage(unreachable) };
  else {
    try {
      const f = await ctx.rpc.getNodeFacts();
      obs = {
        ...base, reachable: true, tipHeight: f.tipHeight, tipTimeSec: f.tipTimeSec, connections: f.connections,
        staking: f.staking, stakingErrors: f.stakingErrors, unlockedUntil: f.unlockedUntil, nodeBehind,
      };
    } catch (err) {
      if (!isNodeUnreachable(err)) throw err;
      obs = { ...base, reachable: false, error: errorMessage(err) };
    }
  }
  const states = evaluateHealth(obs, ctx.thresholds);
  const actions = latchActions(states, await readLatches(ctx.db));
  for (const a of actions) {
    if (a.kind === 'clear') {
      await clearLatch(ctx.db, a.condition);
      ctx.log.info({ condition: a.condition }, 'chain health condition cleared');
      continue;
    }
    const s = states[a.condition];
    if (s.state !== 'on') continue;
    const raised = await raiseLatch(ctx.db, a.condition, s.payload, nowMs);
    if (raised) ctx.log.warn({ condition: a.condition, ...s.payload }, 'chain health alert');
  }
  return actions;
}
