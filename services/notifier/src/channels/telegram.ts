import type { Channel } from './channel';
import { clip, postJson } from './http-post';

export const TELEGRAM_API = 'https://api.telegram.org';
/** sendMessage's text limit. */
const TELEGRAM_MAX_CHARS = 4_096;

/** Telegram's 429 body carries parameters.retry_after (seconds). */
function bodyRetryAfter(body: string): number | undefined {
  try {
    const s = (JSON.parse(body) as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
    return typeof s === 'number' && s >= 0 ? s * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The Telegram channel: Bot API sendMessage to `chatId`. The token is part of the URL: never logged. */
export function telegramChannel(apiBaseUrl: string, token: string, chatId: string): Channel {
  const url = `${apiBaseUrl.replace(/\/+$/, '')}/bot${token}/sendMessage`;
  return {
    async send(m) {
      const text = clip(`${m.rendered.subject}\n\n${m.rendered.text}`, TELEGRAM_MAX_CHARS);
      const out = await postJson(url, JSON.stringify({ chat_id: chatId, text, disable_web_page_preview: true }), {}, 'telegram', bodyRetryAfter);
      return out.ok ? { ...out, messageId: m.id } : out;
    },
  };
}
