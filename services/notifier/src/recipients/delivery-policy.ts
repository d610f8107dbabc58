import type { Severity } from '@ppm/ledger';
import { isQuiet } from './quiet-hours';
import type { Recipient } from './recipient';

/** What to do with one message for one recipient now. */
export type PolicyDecision = 'send' | 'hold-quiet' | 'hold-rate' | 'hold-digest';

/** Why a held delivery waits: the recipient's quiet hours, rate limit, or the hourly block digest. */
export type HeldReason = 'quiet' | 'rate' | 'digest';

/** The held_reason recorded for a hold decision. */
export function heldReasonOf(decision: Exclude<PolicyDecision, 'send'>): HeldReason {
  return decision === 'hold-quiet' ? 'quiet' : decision === 'hold-rate' ? 'rate' : 'digest';
}

/** Message kinds that go in the hourly digest unless the recipient asked for each one (`blockMails: "each"`). */
export const HOURLY_DIGEST_KINDS: ReadonlySet<string> = new Set(['pool_reward', 'self_reward']);

/** Whether `recipient` takes messages of `severity` at all. */
export function wants(recipient: Recipient, severity: Severity): boolean {
  return recipient.severities.includes(severity);
}

/**
 * Quiet hours hold non-critical messages (critical ones too unless the recipient lets them bypass). The rate limit
 * holds non-critical messages once `maxPerHour` mails went out in the last hour; a critical alert is never delayed
 * by the rate limit (it still counts towards it). `sentLastHour` is asked only when a limit exists. Pool-block and
 * self-block messages of info severity wait for the hourly digest unless the recipient takes each one; a block
 * message raised to warning or critical is sent at once like any alert. Channel-agnostic: it decides, never sends.
 */
export async function decide(
  recipient: Recipient,
  severity: Severity,
  now: Date,
  sentLastHour: () => Promise<number>,
  kind?: string,
): Promise<PolicyDecision> {
  const critical = severity === 'critical';
  if (isQuiet(now, recipient.timeZone, recipient.quietHours) && !(critical && recipient.criticalBypassesQuiet)) return 'hold-quiet';
  if (severity === 'info' && kind !== undefined && HOURLY_DIGEST_KINDS.has(kind) && recipient.blockMails === 'hourly') return 'hold-digest';
  if (!critical && recipient.maxPerHour !== undefined && (await sentLastHour()) >= recipient.maxPerHour) return 'hold-rate';
  return 'send';
}
