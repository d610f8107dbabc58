import type { Channel } from './channel';
import { clip, postJson } from './http-post';

/** A Discord message's content limit. */
const DISCORD_MAX_CHARS = 2_000;

/** The Discord channel: POST {content} to a channel webhook URL (it holds the webhook token: never logged). */
export function discordChannel(webhookUrl: string): Channel {
  return {
    async send(m) {
      const content = clip(`**${m.rendered.subject}**\n${m.rendered.text}`, DISCORD_MAX_CHARS);
      const out = await postJson(webhookUrl, JSON.stringify({ content, allowed_mentions: { parse: [] } }), {}, 'discord');
      return out.ok ? { ...out, messageId: m.id } : out;
    },
  };
}
