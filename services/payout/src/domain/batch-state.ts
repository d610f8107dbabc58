/**
 * The batch state machine (one batch = one transaction). Stored in payout_batches.state; a trigger added by
 * migration 101 refuses any transition not listed here, so a bug cannot, say, move a paid batch back.
 *
 *   reserved --sign--> signed --broadcast--> broadcast --mined--> confirmed --N confs--> paid
 *      |                 |                      |    ^-----reorg------'
 *      '--refused-->  failed                    '--inputs spent elsewhere--> dropped
 *                        '--inputs spent elsewhere-------------------------> dropped
 * failed and dropped release the reserved amounts back to balances; paid turns them into paid.
 */
export type BatchState = 'reserved' | 'signed' | 'broadcast' | 'confirmed' | 'paid' | 'dropped' | 'failed';

/** Every state, in the order of the happy path. */
export const BATCH_STATES: readonly BatchState[] = ['reserved', 'signed', 'broadcast', 'confirmed', 'paid', 'dropped', 'failed'];

/** Allowed transitions (from -> to). Mirrors the SQL trigger of migration 101_payout_guards.sql. */
export const TRANSITIONS: Readonly<Record<BatchState, readonly BatchState[]>> = {
  reserved: ['signed', 'failed'],
  signed: ['broadcast', 'dropped'],
  broadcast: ['confirmed', 'paid', 'dropped'],
  confirmed: ['broadcast', 'paid', 'dropped'],
  paid: [],
  dropped: [],
  failed: [],
};

/** True when `from -> to` is a legal step. */
export function canTransition(from: BatchState, to: BatchState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Terminal states: the batch's amounts are settled (paid) or back in balances (dropped, failed). */
export function isFinal(s: BatchState): boolean {
  return s === 'paid' || s === 'dropped' || s === 'failed';
}

/** What recovery does next for a batch in state `s`. */
export type NextStep = 'sign' | 'broadcast' | 'track' | 'none';

/** The resume rule: reserved -> sign, signed -> broadcast, broadcast/confirmed -> track. */
export function nextStep(s: BatchState): NextStep {
  switch (s) {
    case 'reserved':
      return 'sign';
    case 'signed':
      return 'broadcast';
    case 'broadcast':
    case 'confirmed':
      return 'track';
    default:
      return 'none';
  }
}
