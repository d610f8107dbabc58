/** The block the pipeline waits on: the lowest main-chain block not applied, or an applied one off the main chain. */
export interface WaitingBlock {
  readonly height: number;
  readonly hash: string;
  readonly status: 'seen' | 'snapshotted' | 'applied' | 'reversed';
  readonly onMainChain: boolean;
  /** The block's current application number. */
  readonly application: number;
}

/** The job that should move the waiting block, as BullMQ reports it (absent: no such job). */
export interface WaitingJob {
  readonly id: string;
  readonly state: string;
  readonly attemptsMade: number;
  readonly failedReason?: string | undefined;
}

/** Stall thresholds: PPM_STALL_AFTER_MIN and PPM_STALL_RETRIES. */
export interface StallThresholds {
  readonly afterMin: number;
  readonly maxRetries: number;
}

/** A judged stall. */
export interface StallVerdict {
  readonly height: number;
  readonly hash: string;
  readonly waitsFor: string;
  readonly message: string;
}

/** What moves a waiting block along: the stage of the pipeline it waits for. */
export function waitsFor(b: WaitingBlock): string {
  if (!b.onMainChain) return `the reversal of its application ${Math.max(1, b.application)} (it left the main chain)`;
  if (b.status === 'seen') return 'the snapshotter (status seen)';
  return `accrual to apply it (application ${b.application + 1}, status ${b.status})`;
}

/**
 * Judges a stall (pure): the same block has waited at least `afterMin` minutes (`waitingSinceMs`), or its job
 * was attempted more than `maxRetries` times. Returns the alert text naming the block and what it waits for,
 * or null when the pipeline is moving.
 */
export function judgeStall(b: WaitingBlock, job: WaitingJob | undefined, waitingSinceMs: number, nowMs: number, t: StallThresholds): StallVerdict | null {
  const minutes = Math.floor((nowMs - waitingSinceMs) / 60_000);
  const attempts = job?.attemptsMade ?? 0;
  const tooLong = nowMs - waitingSinceMs >= t.afterMin * 60_000;
  const tooManyRetries = attempts > t.maxRetries;
  if (!tooLong && !tooManyRetries) return null;
  const what = waitsFor(b);
  const jobText = job ? `; job ${job.id} ${job.state} after ${attempts} attempts${job.failedReason ? `, last error: ${job.failedReason}` : ''}` : '; no job queued for it';
  return {
    height: b.height, hash: b.hash, waitsFor: what,
    message: `stalled: block ${b.height} ${b.hash} has waited ${minutes} min for ${what}${jobText}`,
  };
}
