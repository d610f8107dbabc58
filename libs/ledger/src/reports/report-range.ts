/** A report's date range: whole UTC days, `from` and `to` inclusive. */
export interface ReportRange {
  /** YYYY-MM-DD */
  readonly from: string;
  /** YYYY-MM-DD */
  readonly to: string;
  /** `from` 00:00 UTC, inclusive. */
  readonly startIso: string;
  /** The day after `to`, 00:00 UTC, exclusive. */
  readonly endIso: string;
}

/** A bad --from/--to (or from/to query parameter); the message says what is wrong. */
export class ReportRangeError extends Error {
  override readonly name = 'ReportRangeError';
}

/** At most ~10 years per report: bounds the work of one request. */
export const MAX_REPORT_DAYS = 3_700;
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayStartMs(text: string, what: string): number {
  const m = DATE.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Date.UTC rolls 2026-02-30 over to March: a date that does not print back the same is not a date.
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new ReportRangeError(`${what} must be a date YYYY-MM-DD (UTC), got ${JSON.stringify(text)}`);
  }
  return ms;
}

/** Parses an inclusive UTC day range; `from` <= `to`, at most {@link MAX_REPORT_DAYS} days. */
export function parseReportRange(from: string, to: string): ReportRange {
  const start = dayStartMs(from, 'from');
  const last = dayStartMs(to, 'to');
  if (last < start) throw new ReportRangeError(`to (${to}) is before from (${from})`);
  if ((last - start) / DAY_MS + 1 > MAX_REPORT_DAYS) throw new ReportRangeError(`a report covers at most ${MAX_REPORT_DAYS} days`);
  return { from, to, startIso: new Date(start).toISOString(), endIso: new Date(last + DAY_MS).toISOString() };
}
