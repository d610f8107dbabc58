import { renderMessage, severityOf, isOutboxKind } from '../catalog/catalog';
import { decide, heldReasonOf, wants, type PolicyDecision } from '../recipients/delivery-policy';
import type { Recipient } from '../recipients/recipient';
import {
  claimDelivery, insertDeliveries, loadMessage, markFailure, markHeld, markSent, sentLastHour, type OutboxRow,
} from '../store/deliveries.repo';
import { recipientOf, type DeliveryContext } from './delivery-context';
import type { SendOutcome } from '../channels';
import { backoffMs } from './smtp-errors';

const severityOfRow = (msg: OutboxRow) => (isOutboxKind(msg.kind) ? severityOf(msg.kind, msg.severity) : 'critical');

function decideFor(ctx: DeliveryContext, msg: OutboxRow, r: Recipient, now: Date): Promise<PolicyDecision> {
  return decide(r, severityOfRow(msg), now, () => sentLastHour(ctx.db, r.address, now), msg.kind);
}

/**
 * The `notify.send` job: one delivery row per interested recipient, then one send each. Idempotent: a row is created
 * once; a duplicate job, a relay re-run or another replica finds it existing and goes through the atomic claim,
 * which only a pending/retry-due row or a lapsed claim passes. Claims are taken inside a send slot (see SendSlots).
 */
export async function deliverMessage(ctx: DeliveryContext, messageId: string): Promise<void> {
  const msg = await loadMessage(ctx.db, messageId);
  if (!msg) {
    ctx.log.warn({ messageId }, 'outbox message not found; nothing to send');
    return;
  }
  const severity = severityOfRow(msg);
  const targets = ctx.recipients.filter((r) => wants(r, severity));
  const now = ctx.now();
  const sweepAfter = new Date(now.getTime() + ctx.tuning.leaseMs);
  const decided = await Promise.all(targets.map(async (r) => ({ r, decision: await decideFor(ctx, msg, r, now) })));
  const only = decided.length === 1 ? decided[0] : undefined;
  if (only?.decision === 'send') {
    // The common case, one recipient: the row is created already claimed, inside the slot (one round trip saved).
    const attempt = await ctx.slots.run(async () => {
      const created = await insertDeliveries(ctx.db, msg.id, [{ recipient: only.r.address, state: 'sending' }], ctx.owner, ctx.now(), sweepAfter);
      return created.length === 1 ? sendWithAttempt(ctx, msg, only.r, 1) : claimAndSend(ctx, msg, only.r);
    });
    if (attempt) await record(ctx, msg, only.r, attempt);
    return;
  }
  await insertDeliveries(ctx.db, msg.id, decided.map(({ r, decision }) => (
    decision === 'send' ? { recipient: r.address, state: 'pending' as const }
      : { recipient: r.address, state: 'held' as const, heldReason: heldReasonOf(decision) }
  )), ctx.owner, now, sweepAfter);
  await Promise.all(decided.filter((d) => d.decision === 'send').map(({ r }) => deliverOne(ctx, msg, r)));
}

/** Delivers messages due again (retries, lapsed claims, rows whose job was lost), as the sweeper found them. */
export async function deliverDue(ctx: DeliveryContext, keys: readonly { messageId: string; recipient: string }[]): Promise<void> {
  const byMessage = new Map<string, string[]>();
  for (const k of keys) byMessage.set(k.messageId, [...(byMessage.get(k.messageId) ?? []), k.recipient]);
  for (const [messageId, recipients] of byMessage) {
    const msg = await loadMessage(ctx.db, messageId);
    if (!msg) continue;
    await Promise.all(recipients.map((r) => deliverOne(ctx, msg, recipientOf(ctx, r))));
  }
}

/** Decides (send / hold) and claims an existing delivery row, then sends it. */
export async function deliverOne(ctx: DeliveryContext, msg: OutboxRow, recipient: Recipient): Promise<void> {
  const key = { messageId: msg.id, recipient: recipient.address };
  const now = ctx.now();
  const decision = await decideFor(ctx, msg, recipient, now);
  if (decision !== 'send') {
    if (await markHeld(ctx.db, key, heldReasonOf(decision), now)) {
      ctx.log.debug({ messageId: msg.id, to: recipient.address, decision }, 'held for digest');
    }
    return;
  }
  const attempt = await ctx.slots.run(() => claimAndSend(ctx, msg, recipient));
  if (attempt) await record(ctx, msg, recipient, attempt);
}

/** The outcome of one claimed send, recorded after the slot is released (the connection is free again). */
interface Attempt {
  readonly n: number;
  readonly result: SendOutcome;
}

/** Claims; when this replica wins, sends. Null when another replica has the row or it is no longer due. */
async function claimAndSend(ctx: DeliveryContext, msg: OutboxRow, recipient: Recipient): Promise<Attempt | null> {
  const n = await claimDelivery(ctx.db, { messageId: msg.id, recipient: recipient.address }, ctx.owner, ctx.now(), ctx.tuning.leaseMs);
  return n === null ? null : sendWithAttempt(ctx, msg, recipient, n);
}

/** Renders and sends a claimed delivery over the recipient's channel; never throws. */
async function sendWithAttempt(ctx: DeliveryContext, msg: OutboxRow, recipient: Recipient, n: number): Promise<Attempt> {
  const severity = severityOfRow(msg);
  let rendered;
  try {
    rendered = renderMessage(msg.kind, msg.payload, severity);
  } catch (err) {
    return { n, result: { ok: false, retryable: false, code: 'ERENDER', error: `cannot render: ${String(err)}`.slice(0, 2_000), response: null } };
  }
  const result = await ctx.channelOf(recipient).send({ id: `msg-${msg.id}`, kind: msg.kind, severity, createdAt: msg.createdAt, rendered });
  return { n, result };
}

/** Records a send's outcome: sent, or retry with backoff / failed, with log line and metric. */
async function record(ctx: DeliveryContext, msg: OutboxRow, recipient: Recipient, a: Attempt): Promise<void> {
  const key = { messageId: msg.id, recipient: recipient.address };
  if (a.result.ok) {
    await markSent(ctx.db, key, ctx.now(), a.result.response, a.result.messageId);
    ctx.metrics.sent.inc({ kind: msg.kind });
    return;
  }
  const f = a.result;
  const state = f.retryable ? 'retry' : 'failed';
  // Backoff, but never sooner than the receiver's Retry-After.
  const waitMs = Math.max(backoffMs(a.n, ctx.tuning.retryBaseMs, ctx.tuning.retryMaxMs), f.retryAfterMs ?? 0);
  const next = new Date(ctx.now().getTime() + waitMs);
  await markFailure(ctx.db, key, state, f.error, f.response, next, ctx.now());
  ctx.metrics.failed.inc({ kind: msg.kind, outcome: state });
  const channel = recipient.channel?.kind ?? 'mail';
  ctx.log.warn(
    { messageId: msg.id, kind: msg.kind, to: recipient.address, channel, attempt: a.n, smtpHost: channel === 'mail' ? ctx.smtpHost : undefined,
      code: f.code, error: f.error, state, nextAttemptAt: state === 'retry' ? next.toISOString() : undefined },
    state === 'retry' ? `${channel} not sent; will retry` : `${channel} not sent; giving up`,
  );
}
