import type { OutboxPayloads } from '@ppm/ledger';

/** The chain-health conditions the watcher alerts on (outbox kinds). */
export type HealthCondition = 'stale_chain' | 'staking_off' | 'wallet_locked' | 'low_connections' | 'node_unreachable';

/** Every condition, in a stable order. */
export const HEALTH_CONDITIONS: readonly HealthCondition[] = ['node_unreachable', 'stale_chain', 'staking_off', 'wallet_locked', 'low_connections'];

/** Low connections are normal while a node starts and finds peers: judged only after this long. */
export const CONNECTIONS_GRACE_MS = 30 * 60_000;

/** What one health check observed. Node fields are absent when the node did not answer. */
export interface HealthObservation {
  readonly nowMs: number;
  /** When this watcher started (the connections grace period). */
  readonly startedAtMs: number;
  readonly reachable: boolean;
  readonly error?: string;
  readonly rpcUrl: string;
  readonly tipHeight?: number;
  readonly tipTimeSec?: number;
  readonly connections?: number | null;
  readonly staking?: boolean | null;
  readonly stakingErrors?: string;
  /** undefined: unencrypted wallet; 0: locked; null: unknown (no wallet answer). */
  readonly unlockedUntil?: number | undefined | null;
  /** The node is behind the ledger (reindex, catch-up): its old tip says nothing about the chain (stale unknown). */
  readonly nodeBehind?: boolean;
}

/** Thresholds (PPM_STALE_AFTER_MIN, PPM_MIN_CONNECTIONS). */
export interface HealthThresholds {
  readonly staleAfterMin: number;
  readonly minConnections: number;
}

/** A condition's state: on (with the alert payload), off, or unknown (its facts were not observed: keep the latch). */
export type ConditionState<K extends HealthCondition = HealthCondition> =
  | { readonly state: 'on'; readonly payload: OutboxPayloads[K] }
  | { readonly state: 'off' }
  | { readonly state: 'unknown' };

const OFF = { state: 'off' } as const;
const UNKNOWN = { state: 'unknown' } as const;

/** Strips credentials from the RPC URL before it goes into an alert. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}

/** Evaluates every condition from one observation (pure). */
export function evaluateHealth(o: HealthObservation, t: HealthThresholds): { [K in HealthCondition]: ConditionState<K> } {
  if (!o.reachable) {
    return {
      node_unreachable: { state: 'on', payload: { url: redactUrl(o.rpcUrl), error: o.error ?? 'no reply', sinceIso: new Date(o.nowMs).toISOString() } },
      stale_chain: UNKNOWN, staking_off: UNKNOWN, wallet_locked: UNKNOWN, low_connections: UNKNOWN,
    };
  }
  const height = o.tipHeight ?? 0;
  const ageMs = o.tipTimeSec === undefined ? undefined : o.nowMs - o.tipTimeSec * 1_000;
  const stale: ConditionState<'stale_chain'> = ageMs === undefined || o.nodeBehind ? UNKNOWN
    : ageMs > t.staleAfterMin * 60_000
      ? { state: 'on', payload: { lastHeight: height, lastBlockTime: new Date(o.tipTimeSec! * 1_000).toISOString(), minutes: Math.floor(ageMs / 60_000) } }
      : OFF;
  const staking: ConditionState<'staking_off'> = o.staking === undefined || o.staking === null ? UNKNOWN
    : o.staking ? OFF : { state: 'on', payload: { height, reason: o.stakingErrors || 'getstakinginfo.staking is false' } };
  const locked: ConditionState<'wallet_locked'> = o.unlockedUntil === null ? UNKNOWN
    : o.unlockedUntil === 0 ? { state: 'on', payload: { height } } : OFF;
  const graceOver = o.nowMs - o.startedAtMs >= CONNECTIONS_GRACE_MS;
  const conns: ConditionState<'low_connections'> = o.connections === undefined || o.connections === null ? UNKNOWN
    : !graceOver ? OFF
      : o.connections <= t.minConnections ? { state: 'on', payload: { connections: o.connections, threshold: t.minConnections } } : OFF;
  return { node_unreachable: OFF, stale_chain: stale, staking_off: staking, wallet_locked: locked, low_connections: conns };
}

/** A latch transition: raise an alert (once per episode) or re-arm the condition. */
export type LatchAction = { readonly kind: 'raise'; readonly condition: HealthCondition } | { readonly kind: 'clear'; readonly condition: HealthCondition };

/** Transitions from the latched set and the evaluated states: on+unlatched raises, off+latched clears, unknown keeps. */
export function latchActions(states: { [K in HealthCondition]: ConditionState<K> }, latched: ReadonlySet<HealthCondition>): LatchAction[] {
  const out: LatchAction[] = [];
  for (const c of HEALTH_CONDITIONS) {
    const s = states[c].state;
    if (s === 'on' && !latched.has(c)) out.push({ kind: 'raise', condition: c });
    else if (s === 'off' && latched.has(c)) out.push({ kind: 'clear', condition: c });
  }
  return out;
}
