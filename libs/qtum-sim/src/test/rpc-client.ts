import { request } from 'node:http';
import { parseWireJson, stringifyWireJson, type WireValue } from '@ppm/chain';

/** A raw HTTP exchange with the simulator. */
export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** POSTs `body` to `url` + `path`; credentials default to the ones in `url`. */
export function post(url: string, body: string, opts: { path?: string; auth?: string | null; method?: string } = {}): Promise<RawReply> {
  const u = new URL(url);
  const auth = opts.auth === undefined ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : opts.auth;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname, port: u.port, path: opts.path ?? '/', method: opts.method ?? 'POST',
        headers: { 'Content-Type': 'application/json', ...(auth !== null ? { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Calls one method; returns the parsed (lossless) reply object and status. */
export async function call(url: string, method: string, params: unknown = [], path = '/'): Promise<{ status: number; reply: { result: WireValue; error: { code: WireValue; message: string } | null; id: WireValue }; raw: string }> {
  const r = await post(url, stringifyWireJson({ jsonrpc: '1.0', id: 'x', method, params }), { path });
  return { status: r.status, reply: parseWireJson(r.body) as never, raw: r.body };
}

/** Calls a method and returns its result, throwing on an RPC error. */
export async function result(url: string, method: string, params: unknown = [], path = '/'): Promise<WireValue> {
  const r = await call(url, method, params, path);
  if (r.reply.error) throw new Error(`${method}: ${stringifyWireJson(r.reply.error.code)} ${r.reply.error.message}`);
  return r.reply.result;
}
