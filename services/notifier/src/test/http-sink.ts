import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the sink accepted (signature / token checked). */
export interface ReceivedPost {
  readonly route: 'webhook' | 'telegram' | 'discord';
  readonly body: Record<string, unknown>;
  readonly at: number;
}

/** A scripted failure answer for the next request on a route. */
export interface ScriptedReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/**
 * A real HTTP server on 127.0.0.1 playing a webhook receiver (verifies X-PPM-Signature over "<timestamp>.<raw body>"
 * and rejects timestamps older than 5 minutes, as the README tells receivers to), Telegram's Bot API sendMessage
 * (checks the bot token in the path) and a Discord webhook (checks the token in the path).
 */
export interface HttpSink {
  readonly baseUrl: string;
  readonly received: ReceivedPost[];
  /** Requests refused for a bad signature, stale timestamp or wrong token. */
  readonly rejected: string[];
  /** Answers the next requests of `route` with these replies, in order, before accepting again. */
  script(route: ReceivedPost['route'], replies: ScriptedReply[]): void;
  /** Every request that reached a route, accepted or not, with its time. */
  readonly hits: { route: string; status: number; at: number }[];
  close(): Promise<void>;
}

export const SINK_WEBHOOK_SECRET = 'test-webhook-secret';
export const SINK_TELEGRAM_TOKEN = '123456:TEST-token';
export const SINK_DISCORD_PATH = '/api/webhooks/42/discord-token';

function verifySignature(secret: string, req: http.IncomingMessage, raw: string, nowS: number): string | null {
  const ts = req.headers['x-ppm-timestamp'];
  const sig = req.headers['x-ppm-signature'];
  if (typeof ts !== 'string' || typeof sig !== 'string' || !/^\d+$/.test(ts)) return 'missing headers';
  if (Math.abs(nowS - Number(ts)) > 300) return 'stale timestamp';
  const want = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex')}`);
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want) ? null : 'bad signature';
}

export async function startHttpSink(): Promise<HttpSink> {
  const received: ReceivedPost[] = [];
  const rejected: string[] = [];
  const hits: { route: string; status: number; at: number }[] = [];
  const scripts = new Map<string, ScriptedReply[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const answer = (route: string, status: number, body: string, headers: Record<string, string> = {}) => {
        hits.push({ route, status, at: Date.now() });
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
      };
      const route: ReceivedPost['route'] | undefined = req.url === '/hook' ? 'webhook'
        : req.url?.startsWith('/bot') && req.url.endsWith('/sendMessage') ? 'telegram'
          : req.url?.startsWith('/api/webhooks/') ? 'discord' : undefined;
      if (req.method !== 'POST' || !route) return answer('unknown', 404, '{}');
      let problem: string | null = null;
      if (route === 'webhook') problem = verifySignature(SINK_WEBHOOK_SECRET, req, raw, Math.floor(Date.now() / 1000));
      if (route === 'telegram' && req.url !== `/bot${SINK_TELEGRAM_TOKEN}/sendMessage`) problem = 'bad bot token';
      if (route === 'discord' && req.url !== SINK_DISCORD_PATH) problem = 'bad webhook token';
      if (problem) {
        rejected.push(`${route}: ${problem}`);
        return answer(route, 401, JSON.stringify({ ok: false, description: problem }));
      }
      const next = scripts.get(route)?.shift();
      if (next) return answer(route, next.status, next.body ?? '{}', next.headers);
      received.push({ route, body: JSON.parse(raw) as Record<string, unknown>, at: Date.now() });
      if (route === 'telegram') return answer(route, 200, JSON.stringify({ ok: true, result: { message_id: received.length } }));
      if (route === 'discord') return answer(route, 204, '');
      return answer(route, 200, '{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    rejected,
    hits,
    script(route, replies) {
      scripts.set(route, [...(scripts.get(route) ?? []), ...replies]);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
