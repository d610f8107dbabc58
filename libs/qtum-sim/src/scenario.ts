import { readFileSync } from 'node:fs';
import type { BlockSpec } from './block-factory';

/** A delegate listed explicitly. Amounts are QTUM decimal strings. */
export interface ScenarioDelegate {
  /** Name used in the timeline ("A", "B"...); the key is derived from it. */
  label: string;
  /** Delegation fee percent (default 100); omit `delegated` to delegate at the start. */
  fee?: number;
  /** false: the delegate has coins but never delegated (default true). */
  delegated?: boolean;
  /** Its UTXOs, QTUM. */
  utxos: string[];
}

/** Delegates generated from the seed. */
export interface GeneratedDelegates {
  count: number;
  utxosPerDelegate: number;
  /** Range of UTXO values, QTUM (default 100..5000). */
  minQtum?: string;
  maxQtum?: string;
  /** Share of UTXOs below 100 QTUM, 0..1 (default 0.1): counted by getdelegationsforstaker, never staked. */
  belowMinShare?: number;
  /** Share of delegates with a fee below 100, 0..1 (default 0.05): not super-staked by S. */
  lowFeeShare?: number;
}

/** One timeline event at a height (the block at `at` is made after the non-block events of that height). */
export type TimelineEvent =
  | { at: number; do: 'pool' | 'self' | 'foreign' | 'pow'; delegate?: string }
  | { at: number; do: 'addDelegation'; delegate: string; fee?: number }
  | { at: number; do: 'removeDelegation'; delegate: string }
  | { at: number; do: 'transfer'; from: string; to: string; amount: string }
  | { at: number; do: 'fund'; to: string; amounts: string[] };

/** A scenario file: the same file always gives the same chain (with the fixed clock). */
export interface Scenario {
  /** Seed of keys and random choices (default "ppm"). */
  seed?: string;
  network?: 'regtest';
  /** Tip height after the initial build, before the timeline (default 5200; at least 2012). */
  startHeight?: number;
  /** 'fixed': block times from genesisTime + 32 s per block (repeatable); 'real': tip near now, new blocks at wall-clock time. */
  clock?: 'fixed' | 'real';
  /** Fixed clock: epoch seconds of block 0 (default 1795000000). */
  genesisTime?: number;
  /** The super staker's own coins: `count` UTXOs of `qtum` (default 60 x 200). */
  staker?: { count?: number; qtum?: string };
  delegates?: ScenarioDelegate[] | GeneratedDelegates;
  /** Block kind for timeline heights without a block event (default pow). */
  fill?: 'pool' | 'self' | 'foreign' | 'pow';
  timeline?: TimelineEvent[];
  autoMine?: { intervalMs: number; pattern?: BlockSpec[] };
  /** Encrypt the staker wallet; `stakingOnly` unlocks it for staking only (big timeout). */
  wallet?: { passphrase?: string; stakingOnly?: boolean };
  /** getnetworkinfo.connections (default 8). */
  connections?: number;
}

/** A scenario that fails validation; the message lists every problem. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

const QTUM = /^\d+(\.\d{1,8})?$/;

/** Checks the parts of a scenario that would otherwise fail deep inside the build. */
export function validateScenario(s: Scenario): Scenario {
  const problems: string[] = [];
  if (s.network !== undefined && s.network !== 'regtest') problems.push('network must be "regtest"');
  if (s.startHeight !== undefined && (!Number.isInteger(s.startHeight) || s.startHeight < 2012)) problems.push('startHeight must be an integer >= 2012 (coins must be 2000 deep)');
  if (s.staker?.qtum !== undefined && !QTUM.test(s.staker.qtum)) problems.push('staker.qtum must be a QTUM decimal string');
  if (Array.isArray(s.delegates)) {
    const labels = new Set<string>();
    s.delegates.forEach((d, i) => {
      if (typeof d.label !== 'string' || d.label === '') problems.push(`delegates[${i}].label is required`);
      if (labels.has(d.label)) problems.push(`delegates[${i}].label ${d.label} is duplicated`);
      labels.add(d.label);
      if (!Array.isArray(d.utxos) || d.utxos.some((u) => !QTUM.test(u))) problems.push(`delegates[${i}].utxos must be QTUM decimal strings`);
      if (d.fee !== undefined && (!Number.isInteger(d.fee) || d.fee < 0 || d.fee > 100)) problems.push(`delegates[${i}].fee must be 0..100`);
    });
  } else if (s.delegates) {
    if (!Number.isInteger(s.delegates.count) || s.delegates.count < 0) problems.push('delegates.count must be a non-negative integer');
    if (!Number.isInteger(s.delegates.utxosPerDelegate) || s.delegates.utxosPerDelegate < 1) problems.push('delegates.utxosPerDelegate must be >= 1');
  }
  const start = s.startHeight ?? 5200;
  (s.timeline ?? []).forEach((e, i) => {
    if (!Number.isInteger(e.at) || e.at <= start) problems.push(`timeline[${i}].at must be an integer above startHeight ${start}`);
  });
  if (s.autoMine && !(s.autoMine.intervalMs > 0)) problems.push('autoMine.intervalMs must be > 0');
  if (problems.length > 0) throw new ScenarioError(`invalid scenario:\n- ${problems.join('\n- ')}`);
  return s;
}

/** Reads and validates a scenario file. */
export function loadScenario(path: string): Scenario {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ScenarioError(`cannot read scenario ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return validateScenario(parsed as Scenario);
}
