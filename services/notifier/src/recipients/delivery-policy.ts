import type { Severity } from '@ppm/ledger';
import { isQuiet } from './quiet-hours';
import type { Recipient } from './recipient';

/** What to do with one message for one recipient now. */
export type PolicyDecision = 'send' | 'hold-quiet' | 'hold-rate';

/** Whether `recipient` takes messages of `severity` at all. */
export function wants(recipient: Recipient, severity: Severity): boolean {
  return recipient.severities.includes(severity);
}

/**
 * Quiet hours hold non-critical messages (critical ones too unless the recipient lets them bypass). The rate limit
 * holds non-critical messages once `maxPerHour` mails went out in the last hour; a critical alert is never delayed
 * by the rate limit (it still counts towards it). `sentLastHour` is asked only when a limit exists.
 */
export async function decide(
  recipient: Recipient,
  severity: Severity,
  now: Date,
  sentLastHour: () => Promise<number>,
): Promise<PolicyDecision> {
  const critical = severity === 'critical';
  if (isQuiet(now, recipient.timeZone, recipient.quietHours) && !(critical && recipient.criticalBypassesQuiet)) return 'hold-quiet';
  if (!critical && recipient.maxPerHour !== undefined && (await sentLastHour()) >= recipient.maxPerHour) return 'hold-rate';
  return 'send';
}
