import { durationMs } from '@ppm/config';
import type { Db } from '@ppm/ledger';
import type { Logger } from '@ppm/runtime';
import type { PayoutRpc } from './chain/payout-rpc';
import type { PlanSettings } from './domain/plan';
import type { CrashHook } from './jobs/crash-point';
import type { SignerPort } from './rpc/signer-port';

/** Settings of execution and tracking (env names kept). */
export interface ExecSettings extends PlanSettings {
  readonly PPM_PAYOUT_APPROVAL: 'auto' | 'manual';
  /** Confirmations after which a payout counts as paid; also how deep a conflicting spender must be before dropped. */
  readonly PPM_PAYOUT_CONFIRMATIONS: number;
  /** Blocks after a drop during which the dropped txid is still looked up (a late confirmation is recorded). */
  readonly PPM_PAYOUT_DROP_WATCH_BLOCKS: number;
  /** How long a plan stays valid for approval and execution (`48h` when absent). */
  readonly PPM_PAYOUT_APPROVAL_TTL?: string;
}

/** PPM_PAYOUT_APPROVAL_TTL in milliseconds (default 48 h). */
export function approvalTtlMs(s: Pick<ExecSettings, 'PPM_PAYOUT_APPROVAL_TTL'>): number {
  return durationMs(s.PPM_PAYOUT_APPROVAL_TTL ?? '48h');
}

/** Everything the payout jobs need, passed explicitly (no globals). */
export interface PayoutContext {
  readonly db: Db;
  readonly rpc: PayoutRpc;
  readonly signer: SignerPort;
  readonly log: Logger;
  readonly settings: ExecSettings;
  readonly crashAt?: CrashHook | undefined;
  /** Batch ids being advanced by this process right now (the timer and a job must not both sign one). */
  readonly busy: Set<string>;
}
