import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonNumber, parseWireJson, type WireValue } from '@ppm/chain';
import { duplicateKeys } from './duplicate-keys';
import type { FaultInjector } from './faults';
import { dispatch, errorReply, type Reply } from './rpc-dispatch';
import { RPC } from './rpc-error';
import type { MethodTable, SimContext } from './rpc-types';

/** Options of the JSON-RPC HTTP endpoint. */
export interface RpcServerOptions {
  readonly host: string;
  readonly port: number;
  /** RPC users; `whitelist` as qtumd's `rpcwhitelist=<user>:<methods>` (undefined: no line for this user). */
  readonly users: readonly { user: string; password: string; whitelist?: readonly string[] | undefined }[];
  /** qtumd's `-rpcwhitelistdefault` (default: on when any whitelist is set): a user without a line may call nothing. */
  readonly whitelistDefault: boolean;
}

/** Pause before answering wrong credentials (httprpc.cpp), ms. */
const BAD_AUTH_DELAY_MS = 250;

function methodsOf(body: WireValue): string[] {
  const list = Array.isArray(body) ? body : [body];
  return list.flatMap((r) => (r && typeof r === 'object' && !Array.isArray(r) && !(r instanceof JsonNumber) && typeof r.method === 'string' ? [r.method] : []));
}

/** qtumd 27.1's HTTP JSON-RPC transport over the simulator's method table. */
export class RpcHttpServer {
  private server: Server | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  port: number;

  constructor(private readonly opts: RpcServerOptions, private readonly ctx: { -readonly [K in keyof SimContext]: SimContext[K] }, private readonly table: MethodTable, private readonly faults: FaultInjector) {
    this.port = opts.port;
  }

  /** Starts listening (on the same port as before after a stop). */
  async listen(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.opts.host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let walletName: string | undefined;
    if (path.startsWith('/wallet/')) walletName = decodeURIComponent(path.slice('/wallet/'.length));
    else if (path !== '/') return this.send(res, 404, '', {});
    if (req.method !== 'POST') return this.send(res, 405, '', {});
    const auth = req.headers.authorization;
    const account = this.opts.users.find((u) => auth === `Basic ${Buffer.from(`${u.user}:${u.password}`).toString('base64')}`);
    if (!account) {
      const deny = () => this.send(res, 401, '', { 'WWW-Authenticate': 'Basic realm="jsonrpc"', 'Content-Type': 'text/html; charset=ISO-8859-1' });
      if (auth === undefined) return deny();
      return this.later(BAD_AUTH_DELAY_MS, deny);
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      try {
        this.respond(Buffer.concat(chunks).toString('utf8'), walletName, res, account.whitelist);
      } catch (e) {
        // A simulator bug must answer like qtumd's internal error, never take the process down.
        const r = errorReply(RPC.INTERNAL, e instanceof Error ? e.message : String(e), null);
        this.send(res, r.status, `${r.text}\n`);
      }
    });
  }

  private respond(text: string, walletName: string | undefined, res: ServerResponse, whitelist: readonly string[] | undefined): void {
    let body: WireValue | undefined;
    try {
      body = parseWireJson(text);
    } catch {
      body = undefined;
    }
    // httprpc.cpp, after parsing: a user without a whitelist line under rpcwhitelistdefault, or any call (a batch
    // as a whole) outside the user's line, gets HTTP 403 with an empty body.
    if (body !== undefined) {
      if (whitelist === undefined && this.opts.whitelistDefault) return this.send(res, 403, '', {});
      if (whitelist !== undefined && methodsOf(body).some((m) => !whitelist.includes(m))) return this.send(res, 403, '', {});
    }
    const fault = this.faults.take(body === undefined ? [] : methodsOf(body));
    if (fault?.kind === 'timeout') {
      const { delayMs } = fault;
      return this.later(delayMs, () => this.reply(body, walletName, res, undefined, text));
    }
    if (fault?.kind === 'malformed') return this.send(res, 200, '{"result":{"oops"\n');
    if (fault?.kind === 'http-status') return this.send(res, fault.status, fault.body ?? '', { 'Content-Type': 'text/html' });
    this.reply(body, walletName, res, fault, text);
  }

  private reply(body: WireValue | undefined, walletName: string | undefined, res: ServerResponse, fault: Parameters<typeof dispatch>[4], text: string): void {
    // Duplicate keys are invisible after parsing; sendmany/createrawtransaction must reject duplicated addresses.
    this.ctx.duplicateKeys = /sendmany|createrawtransaction/.test(text) ? duplicateKeys(text) : undefined;
    if (body === undefined) {
      const r = errorReply(RPC.PARSE_ERROR, 'Parse error', null);
      return this.send(res, r.status, `${r.text}\n`);
    }
    if (Array.isArray(body)) {
      const replies: Reply[] = body.map((r) => dispatch(r, walletName, this.ctx, this.table, fault));
      return this.send(res, 200, `[${replies.map((r) => r.text).join(',')}]\n`);
    }
    const r = dispatch(body, walletName, this.ctx, this.table, fault);
    this.send(res, r.status, `${r.text}\n`);
  }
}
