import type { Db } from '@ppm/ledger';
import type { Logger } from '@ppm/runtime';
import type { NotifierTuning } from '../config';
import type { Channel } from '../channels';
import type { Recipient } from '../recipients/recipient';
import type { Mailer } from './mailer';
import type { NotifierMetrics } from './notifier-metrics';
import type { SendSlots } from './send-slots';

/** What delivery needs, built once in app.ts. */
export interface DeliveryContext {
  readonly db: Db;
  readonly log: Logger;
  readonly mailer: Mailer;
  /** The recipient's channel (mail, webhook, telegram, discord), built once per recipient. */
  readonly channelOf: (r: Recipient) => Channel;
  readonly mailFrom: string;
  /** Host of the SMTP URL: the only part that is logged. */
  readonly smtpHost: string;
  readonly recipients: readonly Recipient[];
  /** This replica's claim tag. */
  readonly owner: string;
  readonly now: () => Date;
  readonly tuning: NotifierTuning;
  readonly metrics: NotifierMetrics;
  /** Held from claim to recorded outcome; one per pooled SMTP connection. */
  readonly slots: SendSlots;
}

/** The recipient profile of `address`; one no longer configured keeps its mail flowing with no quiet hours. */
export function recipientOf(ctx: DeliveryContext, address: string): Recipient {
  return (
    ctx.recipients.find((r) => r.address === address) ?? {
      address, severities: ['info', 'warning', 'critical'], timeZone: 'UTC', criticalBypassesQuiet: true, blockMails: 'hourly',
    }
  );
}
