import { DateTime } from 'luxon';
import type { QuietHours } from './recipient';

function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * True when `now` falls in the quiet period, read in the recipient's local wall-clock time (IANA zone, so a DST
 * change moves the period in UTC with the clocks: 07:00 is 12:00 UTC in winter and 11:00 UTC in summer in New York).
 * start == end means no quiet period.
 */
export function isQuiet(now: Date, timeZone: string, quiet: QuietHours | undefined): boolean {
  if (!quiet) return false;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const m = local.hour * 60 + local.minute;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** The next instant the quiet period ends (local `end` wall-clock time), for display and scheduling hints. */
export function quietEndsAt(now: Date, timeZone: string, quiet: QuietHours): Date {
  const end = minutesOf(quiet.end);
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let candidate = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (candidate <= local) {
    candidate = local.plus({ days: 1 }).set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  }
  return candidate.toJSDate();
}
