import { errorMessage } from '@ppm/runtime';
import type { SendOutcome } from './channel';

/** Upper bound of one HTTP send (connect + reply). */
export const HTTP_TIMEOUT_MS = 15_000;

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  // Delta-seconds are an integer (RFC 9110); a date otherwise.
  if (/^\d{1,9}$/.test(s)) return Number.parseInt(s, 10) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Extra reading of a failed reply (Telegram puts retry_after in its JSON body). */
export type BodyRetryAfter = (body: string) => number | undefined;

/**
 * POSTs JSON and classifies the reply once: 2xx ok; network error, timeout, 5xx, 429 retryable (Retry-After kept);
 * any other 4xx permanent. `label` names the receiver in errors: the URL may hold a token and is never put in an
 * error, a log line or the delivery row.
 */
export async function postJson(
  url: string, body: string, headers: Record<string, string>, label: string, bodyRetryAfter?: BodyRetryAfter,
): Promise<SendOutcome> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS), redirect: 'error',
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : (err as Error).name === 'TimeoutError' ? 'ETIMEDOUT' : 'ENETWORK';
    return { ok: false, retryable: true, code, error: `${code}: ${label} not reachable (${errorMessage(err)})`.slice(0, 2_000), response: null };
  }
  const text = (await res.text().catch(() => '')).slice(0, 1_000);
  const response = `${res.status} ${text}`.trim();
  if (res.ok) return { ok: true, response, messageId: '' };
  const retryable = res.status >= 500 || res.status === 429;
  return {
    ok: false, retryable, code: `HTTP${res.status}`, error: `HTTP ${res.status} from ${label}`, response,
    retryAfterMs: retryAfterMs(res.headers.get('retry-after')) ?? bodyRetryAfter?.(text),
  };
}

/** Clips text to a receiver's limit. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
