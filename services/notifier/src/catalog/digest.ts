import { DateTime } from 'luxon';
import type { Rendered } from './rendered';
import { esc } from './rendered';

/** One held message inside a digest. */
export interface DigestItem {
  readonly createdAt: Date;
  readonly rendered: Rendered;
}

/**
 * One mail for a recipient's held messages, oldest first, times in the recipient's zone. The first line fits an
 * SMS; the rest lists every message. `hourly`: only pool-block and self-block messages of the past hour;
 * `held`: messages held during quiet hours or over the rate limit (with any block messages waiting beside them).
 */
export function renderDigest(items: readonly DigestItem[], timeZone: string, why: 'hourly' | 'held' = 'held'): Rendered {
  const at = (d: Date) => DateTime.fromJSDate(d, { zone: timeZone }).toFormat('HH:mm');
  const lines = items.map((i) => `${at(i.createdAt)} ${i.rendered.text}`);
  const n = `${items.length} message${items.length === 1 ? '' : 's'}`;
  const subject = why === 'hourly' ? `[PPM] Hourly digest: ${n} (pool and self-staked blocks)` : `[PPM] Digest: ${n} held during quiet hours`;
  const text = `${items.length} held message${items.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
  const html = `<p>${items.length} held messages (${esc(timeZone)}):</p><ul>${items
    .map((i) => `<li>${esc(at(i.createdAt))} <b>${esc(i.rendered.subject)}</b><br>${esc(i.rendered.text)}</li>`)
    .join('')}</ul>`;
  return { subject, text, html };
}
