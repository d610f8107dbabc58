import http from 'node:http';
import https from 'node:https';
import { RpcInvalidRequestError, RpcTimeoutError, RpcTransportError } from '../errors';

/** Status and body text of one HTTP reply. */
export interface HttpReply {
  status: number;
  body: string;
}

/** POSTs JSON bodies to qtumd. */
export interface HttpTransport {
  /** `label` names the call in errors (a method, or `batch`). `reuseSocket: false` forces a fresh connection. */
  post(path: string, body: string, label: string, opts: { reuseSocket: boolean }): Promise<HttpReply>;
  /** `/` or the URL's own base path. */
  readonly basePath: string;
  /** Host and port only: safe to log (no credentials). */
  readonly endpoint: string;
  /** The RPC user of the URL ('' for none, i.e. cookie auth): safe to log, named in rpcwhitelist advice. */
  readonly user: string;
  close(): void;
}

/** Options of {@link createHttpTransport}. */
export interface HttpTransportOptions {
  url: string;
  timeoutMs: number;
}

/**
 * node:http(s) transport with a keep-alive agent and Basic auth from the URL. The timeout covers the whole
 * exchange (connect, send, read); on expiry the request is destroyed and RpcTimeoutError thrown.
 */
export function createHttpTransport(opts: HttpTransportOptions): HttpTransport {
  const url = new URL(opts.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RpcInvalidRequestError('connect', `unsupported URL scheme ${url.protocol}`);
  const lib = url.protocol === 'https:' ? https : http;
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  const agent = new lib.Agent({ keepAlive: true, maxSockets: 8 });
  const basePath = url.pathname.replace(/\/+$/, '') || '/';
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');

  function post(path: string, body: string, label: string, { reuseSocket }: { reuseSocket: boolean }): Promise<HttpReply> {
    return new Promise<HttpReply>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | undefined, reply?: HttpReply): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(reply as HttpReply);
      };
      const payload = Buffer.from(body, 'utf8');
      const req = lib.request(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port,
          path,
          method: 'POST',
          // A pooled socket that the node closed while idle could fail a non-idempotent call; those get a fresh one.
          agent: reuseSocket ? agent : false,
          headers: {
            'content-type': 'application/json',
            'content-length': payload.length,
            authorization: auth,
            ...(reuseSocket ? {} : { connection: 'close' }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e: NodeJS.ErrnoException) => finish(new RpcTransportError(`${label}: reply interrupted: ${e.message}`, label, e.code, { cause: e })));
          res.on('aborted', () => finish(new RpcTransportError(`${label}: reply aborted by qtumd`, label, 'ECONNRESET')));
        },
      );
      const timer = setTimeout(() => {
        finish(new RpcTimeoutError(label, opts.timeoutMs));
        req.destroy();
      }, opts.timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) =>
        finish(new RpcTransportError(`${label}: cannot reach qtumd at ${url.host}: ${e.code ?? e.message}`, label, e.code, { cause: e })),
      );
      req.end(payload);
    });
  }

  return {
    post,
    basePath,
    endpoint: url.host,
    user: decodeURIComponent(url.username),
    close: () => agent.destroy(),
  };
}
