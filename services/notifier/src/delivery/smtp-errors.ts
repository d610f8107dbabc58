import { errorMessage } from '@ppm/runtime';
import { PermanentError } from '@ppm/runtime';

/** A classified send failure. */
export interface SendFailure {
  /** 'retry': the same mail may go later (server down, auth refused, 4xx); 'failed': it never will. */
  readonly state: 'retry' | 'failed';
  readonly error: string;
  /** The server's reply, when it gave one (e.g. "535 5.7.8 Authentication failed"). */
  readonly response: string | null;
  readonly code: string;
}

interface SmtpErrorShape {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
}

/**
 * Classifies a nodemailer error once, at the boundary. Only a 5xx refusal of the recipient or the message itself is
 * permanent; a refused login (535) is a configuration fault the operator fixes, after which the waiting mails go,
 * so it is retried (visibly: state retry, the 535 text, the failure counter).
 */
export function classifySendError(err: unknown): SendFailure {
  if (err instanceof PermanentError) return { state: 'failed', error: err.message, response: null, code: 'EPERMANENT' };
  const e = (typeof err === 'object' && err !== null ? err : {}) as SmtpErrorShape;
  const code = typeof e.code === 'string' ? e.code : 'EUNKNOWN';
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const response = typeof e.response === 'string' ? e.response : null;
  const permanent = (code === 'EENVELOPE' || code === 'EMESSAGE') && responseCode !== undefined && responseCode >= 500;
  return { state: permanent ? 'failed' : 'retry', error: `${code}: ${errorMessage(err)}`.slice(0, 2_000), response, code };
}

/** Retry delay for the `attempt`-th failure: base * 2^(attempt-1), capped, with up to 10% jitter to spread replicas. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  return Math.round(raw * (1 + 0.1 * random()));
}
