import { encodeCursor } from '../paging/cursor';

/** A small seeded PRNG (mulberry32): the same seed gives the same requests, so a failure can be replayed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One generated request. `path` is already percent-encoded where the HTTP client needs it. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const METHODS = ['GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const NUMBERS = ['99999999999999999999', '1e309', '-1e309', '2147483648', '2147483647', '9007199254740993', '-1', '0', '1', '1.5', 'NaN',
  'Infinity', '-Infinity', '0x10', '1e3', ' 1', '1 ', '', '+1', '00000000000000000000001', '-0', '1_000', '٣', '１', 'true', 'null', '[]', '{}'];
const TEXTS = ['', ' ', 'abc', '💥', 'é', '\u0000', '\u202e', '../../etc/passwd', "' OR 1=1 --", '<script>', '%', '%%', '%zz', '%E0%A4%A', '%C0%AF',
  'a'.repeat(300), 'q'.repeat(5_000), 'null', 'undefined', '__proto__', 'constructor', '\\', '"', ';', ',', '&', '=', '#', '?', '/'];
const NAMES = ['from', 'to', 'limit', 'days', 'state', 'cursor', 'sharesLimit', 'outputsLimit', 'sharesCursor', 'payoutsCursor', 'address',
  '__proto__', 'constructor', 'x', '', '💥', 'limit[]', 'from.x'];
const STATES = ['reserved', 'signed', 'broadcast', 'confirmed', 'paid', 'dropped', 'failed', 'PAID', 'paid ', 'nonsense'];
const LISTS = ['delegates', 'rewards', 'payouts', 'delegate shares', 'delegate payouts', 'block shares', 'batch outputs', 'x'];

/** Builds random requests over `routes` (Fastify paths like /v1/delegates/:address) and around them. */
export function createRequestGenerator(random: () => number, routes: readonly string[], samples: { addresses: string[]; hashes: string[]; batchIds: string[] }) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const int = (max: number) => Math.floor(random() * max);
  const junkText = (): string => {
    switch (int(6)) {
      case 0: return pick(NUMBERS);
      case 1: return pick(TEXTS);
      case 2: return String.fromCodePoint(...Array.from({ length: 1 + int(20) }, () => (chance(0.7) ? 32 + int(95) : int(0x10ffff - 0xe000) + 0xe000)));
      case 3: return pick(samples.addresses);
      case 4: return randomCursor();
      default: return String(Math.floor((random() - 0.3) * 10 ** int(25)));
    }
  };
  const randomCursor = (): string => {
    switch (int(4)) {
      case 0: return encodeCursor(pick(LISTS), Array.from({ length: int(4) }, () => (chance(0.5) ? junkText() : Math.floor((random() - 0.2) * 10 ** int(22)))));
      case 1: return Buffer.from(junkText()).toString('base64url');
      case 2: return encodeCursor(pick(LISTS), [pick(['asc', 'desc']), int(300)]);
      default: return junkText();
    }
  };
  const param = (name: string): string => {
    if (name === 'address') return chance(0.5) ? pick(samples.addresses) : junkText();
    if (name === 'blockHash') return chance(0.5) ? pick(samples.hashes) : junkText();
    if (name === 'batchId') return chance(0.5) ? pick(samples.batchIds) : junkText();
    return junkText();
  };
  const enc = (s: string) => (chance(0.9) ? encodeURIComponent(s) : s.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c)));
  const query = (): string => {
    const parts: string[] = [];
    for (let i = int(5); i > 0; i--) {
      const name = pick(NAMES);
      const value = name === 'state' && chance(0.5) ? pick(STATES) : chance(0.4) ? pick(NUMBERS) : junkText();
      parts.push(`${enc(name)}=${enc(value)}`);
    }
    if (chance(0.05)) parts.push('&&&', '=', 'limit', 'limit=1&limit=2');
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  };
  const path = (): string => {
    const roll = random();
    if (roll < 0.8) {
      const route = pick(routes);
      return route.split('/').map((seg) => (seg.startsWith(':') ? enc(param(seg.slice(1))) : seg)).join('/');
    }
    if (roll < 0.9) return `/${Array.from({ length: 1 + int(8) }, () => enc(junkText())).join('/')}`;
    if (roll < 0.95) return `/v1/${'x/'.repeat(int(2_000))}`;
    return pick(['/v1', '/v1/', '//v1//status', '/v1/status/', '/V1/STATUS', '/v1/delegates/', '/v1/rewards//shares', '/./v1/status', '/v1/../v1/status', '*']);
  };
  return (): FuzzRequest => {
    const method = pick(METHODS);
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (method !== 'GET' && method !== 'HEAD' && chance(0.7)) {
      body = chance(0.5) ? JSON.stringify({ limit: pick(NUMBERS), x: junkText() }) : junkText();
      headers['content-type'] = pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=utf-16', 'x/y']);
    }
    if (chance(0.05)) headers.accept = pick(['text/html', '*/*', 'application/xml', '💥'.replace(/[^\x20-\x7e]/g, '?')]);
    return { method, path: `${path()}${query()}`, headers, ...(body === undefined ? {} : { body }) };
  };
}
