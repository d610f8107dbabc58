import type { Mailer } from '../delivery/mailer';
import type { Recipient } from '../recipients/recipient';
import type { Channel } from './channel';
import { discordChannel } from './discord';
import { mailChannel } from './mail';
import { telegramChannel } from './telegram';
import { webhookChannel } from './webhook';

export type { Channel, ChannelMessage, SendOutcome } from './channel';

/** Builds the channel of each recipient once; an unknown (no longer configured) address gets mail. */
export function createChannels(mailer: Mailer, mailFrom: string): (r: Recipient) => Channel {
  const cache = new Map<string, Channel>();
  const build = (r: Recipient): Channel => {
    const c = r.channel ?? { kind: 'mail' };
    switch (c.kind) {
      case 'mail': return mailChannel(mailer, mailFrom, r.address);
      case 'webhook': return webhookChannel(c.url, c.secret);
      case 'telegram': return telegramChannel(c.apiBaseUrl, c.token, c.chatId);
      case 'discord': return discordChannel(c.webhookUrl);
    }
  };
  return (r) => {
    let ch = cache.get(r.address);
    if (!ch) cache.set(r.address, (ch = build(r)));
    return ch;
  };
}
