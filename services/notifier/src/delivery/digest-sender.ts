import { renderDigest, type DigestItem } from '../catalog/digest';
import { isOutboxKind, renderMessage, severityOf } from '../catalog/catalog';
import { isQuiet } from '../recipients/quiet-hours';
import { claimDigest, markDigestSent, recipientsWithHeld, releaseDigest } from '../store/digests.repo';
import { sentLastHour } from '../store/deliveries.repo';
import { recipientOf, type DeliveryContext } from './delivery-context';

const HOUR_MS = 3_600_000;

/** True once the UTC hour in which `oldest` was held has ended: the hourly block digest is due. */
export function hourlyDigestDue(oldest: Date, now: Date): boolean {
  return Math.floor(now.getTime() / HOUR_MS) > Math.floor(oldest.getTime() / HOUR_MS);
}

/**
 * The digest check (every minute): each recipient with held messages whose quiet hours are over (in their own
 * zone, so after a DST change too) and whose hourly budget has room gets ONE mail with all of them. Messages held
 * only for the hourly block digest wait until the hour they arrived in has ended (top of each UTC hour); anything
 * else held (quiet hours, rate limit) goes as soon as it may, with the block messages waiting beside it.
 * Safe on every replica at once: the claim moves the held rows in one transaction. Returns digests sent.
 */
export async function sendDueDigests(ctx: DeliveryContext): Promise<number> {
  let sent = 0;
  for (const held of await recipientsWithHeld(ctx.db)) {
    const address = held.recipient;
    const r = recipientOf(ctx, address);
    const now = ctx.now();
    if (held.hourlyOnly && !hourlyDigestDue(held.oldestHeldAt, now)) continue;
    if (isQuiet(now, r.timeZone, r.quietHours)) continue;
    if (r.maxPerHour !== undefined && (await sentLastHour(ctx.db, address, now)) >= r.maxPerHour) continue;
    if (await ctx.slots.run(() => sendDigest(ctx, address, now))) sent++;
  }
  return sent;
}

/** Claims the recipient's held rows as one digest and sends it (inside a send slot). True when sent. */
async function sendDigest(ctx: DeliveryContext, address: string, now: Date): Promise<boolean> {
  const r = recipientOf(ctx, address);
  const digest = await claimDigest(ctx.db, address, ctx.owner, now);
  if (!digest) return false;
  const log = ctx.log.child({ digestId: digest.id, to: address, messages: digest.messages.length });
  const items: DigestItem[] = [];
  const rank = ['info', 'warning', 'critical'];
  let top = 'info';
  for (const m of digest.messages) {
    try {
      const severity = isOutboxKind(m.kind) ? severityOf(m.kind, m.severity) : 'critical';
      if (rank.indexOf(severity) > rank.indexOf(top)) top = severity;
      items.push({ createdAt: m.createdAt, rendered: renderMessage(m.kind, m.payload, severity) });
    } catch (err) {
      // One unreadable payload must not hold back the rest: list it as such.
      items.push({ createdAt: m.createdAt, rendered: { subject: `message ${m.id}`, text: `(message ${m.id} of kind ${m.kind} cannot be rendered: ${String(err)})` } });
    }
  }
  const rendered = renderDigest(items, r.timeZone, digest.hourlyOnly ? 'hourly' : 'held');
  const res = await ctx.channelOf(r).send({ id: `digest-${digest.id}`, kind: 'digest', severity: top, createdAt: now, rendered });
  if (res.ok) {
    await markDigestSent(ctx.db, digest.id, ctx.now(), res.response, res.messageId);
    ctx.metrics.sent.inc({ kind: 'digest' });
    log.info({ response: res.response }, 'digest sent');
    return true;
  }
  // Any failure (permanent ones too: the receiver may be fixed) keeps the messages held for the next check.
  await releaseDigest(ctx.db, digest.id, ctx.now(), res.error, res.response);
  ctx.metrics.failed.inc({ kind: 'digest', outcome: 'retry' });
  log.warn({ channel: r.channel?.kind ?? 'mail', code: res.code, error: res.error }, 'digest not sent; messages stay held for the next check');
  return false;
}
