import { formatQtum, parseSats } from '@ppm/chain';
import type { OutboxKind, OutboxPayloads } from '@ppm/ledger';

/** A rendered message. `text` fits an SMS gateway (<= {@link SMS_MAX_CHARS}); `html` may say more. */
export interface Rendered {
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

/** One renderer per kind. */
export type Renderer<K extends OutboxKind> = (payload: OutboxPayloads[K]) => Rendered;

/** The catalog type: a kind without a renderer does not compile. */
export type RendererCatalog = { readonly [K in OutboxKind]: Renderer<K> };

/** SMS gateways cut at 160 characters. */
export const SMS_MAX_CHARS = 160;

/** Clips text to an SMS; renderers aim below it, this only guards against long free-text fields. */
export function sms(text: string): string {
  return text.length <= SMS_MAX_CHARS ? text : `${text.slice(0, SMS_MAX_CHARS - 1)}…`;
}

/** "1.00000000 QTUM" from a satoshi decimal string (exact; never a float). */
export function qtum(sats: string): string {
  return `${formatQtum(parseSats(sats, { allowNegative: true }))} QTUM`;
}

/** A short id for long hashes in SMS text. */
export function short(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-6)}` : hash;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes a value. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** The HTML part: the text, then a table of every fact (full hashes, exact amounts). */
export function factsHtml(text: string, facts: readonly (readonly [string, string | number])[]): string {
  const rows = facts.map(([k, v]) => `<tr><th align="left">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  return `<p>${esc(text)}</p><table>${rows}</table>`;
}

/** Builds a rendered message with the text clipped to an SMS. */
export function message(subject: string, text: string, facts?: readonly (readonly [string, string | number])[]): Rendered {
  const body = sms(text);
  return facts ? { subject, text: body, html: factsHtml(text, facts) } : { subject, text: body };
}
