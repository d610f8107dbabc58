import type { OutboxKind, OutboxPayloads, Severity } from '@ppm/ledger';
import { DEFAULT_SEVERITY } from '@ppm/ledger';
import { PermanentError, errorMessage } from '@ppm/runtime';
import { chainRenderers } from './chain-messages';
import { payoutRenderers } from './payout-messages';
import type { Rendered, RendererCatalog } from './rendered';
import { rulesRenderers } from './rules-messages';
import { statusRenderers } from './status-messages';

/** Every outbox kind's renderer; the type makes a missing kind a compile error. */
export const renderers: RendererCatalog = { ...chainRenderers, ...payoutRenderers, ...statusRenderers, ...rulesRenderers };

/** True when `kind` is a kind of the catalog. */
export function isOutboxKind(kind: string): kind is OutboxKind {
  return Object.prototype.hasOwnProperty.call(renderers, kind);
}

/** Subject prefix by severity, so a phone's notification line says how urgent a mail is. */
const PREFIX: Record<Severity, string> = { info: '[PPM]', warning: '[PPM warning]', critical: '[PPM CRITICAL]' };

/** The severity a message is sent with: the row's own, else the kind's default. */
export function severityOf(kind: OutboxKind, rowSeverity: string | null | undefined): Severity {
  return rowSeverity === 'info' || rowSeverity === 'warning' || rowSeverity === 'critical' ? rowSeverity : DEFAULT_SEVERITY[kind];
}

/**
 * Renders an outbox message. An unknown kind or a payload the template cannot read is a PermanentError: retrying
 * cannot fix the row, so its deliveries are marked failed (and counted) instead of looping.
 */
export function renderMessage(kind: string, payload: unknown, severity: Severity): Rendered {
  if (!isOutboxKind(kind)) throw new PermanentError(`unknown message kind ${JSON.stringify(kind)}`);
  let r: Rendered;
  try {
    r = (renderers[kind] as (p: OutboxPayloads[OutboxKind]) => Rendered)(payload as OutboxPayloads[OutboxKind]);
  } catch (err) {
    throw new PermanentError(`cannot render ${kind}: ${errorMessage(err)}`, { cause: err });
  }
  return { ...r, subject: `${PREFIX[severity]} ${r.subject}` };
}
