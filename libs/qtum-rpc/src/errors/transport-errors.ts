import { PermanentError, RetryableError } from '@ppm/runtime';

/**
 * The request may not have reached qtumd, or its reply was lost: connection refused or reset, DNS failure,
 * socket closed mid-reply. Retryable, but only for retry-safe methods (a lost sendmany reply may hide a
 * payment that happened).
 */
export class RpcTransportError extends RetryableError {
  override readonly name: string = 'RpcTransportError';
  constructor(
    message: string,
    readonly method: string,
    /** The socket error code (`ECONNREFUSED`, `ECONNRESET`, ...) when there is one. */
    readonly errno: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No complete reply within `timeoutMs`; the request was aborted. Retryable like other transport failures. */
export class RpcTimeoutError extends RpcTransportError {
  override readonly name: string = 'RpcTimeoutError';
  constructor(
    method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method}: no reply from qtumd within ${timeoutMs} ms`, method, 'ETIMEDOUT');
  }
}

/** What a 403 refused: the RPC user of QTUM_RPC_URL and the method(s) of the call or batch. */
export interface ForbiddenContext {
  /** The RPC user (QTUM_RPC_URL's user part); absent or '' when unknown. */
  readonly user?: string | undefined;
  /** The refused call's method, or every distinct method of a refused batch (one of them is not listed). */
  readonly methods?: readonly string[] | undefined;
}

/** The qtum.conf advice of a 403: which method(s) to add to which user's rpcwhitelist line. */
function whitelistAdvice(ctx: ForbiddenContext): string {
  const methods = ctx.methods ?? [];
  const who = ctx.user ? `user ${ctx.user}` : 'the user in QTUM_RPC_URL';
  const line = `rpcwhitelist=${ctx.user || '<user>'}:<its methods>,${methods.join(',') || '<method>'}`;
  const what = methods.length === 0 ? 'the refused call'
    : methods.length === 1 ? methods[0]!
      : `whichever of ${methods.join(', ')} is missing (qtumd refuses a whole batch when one call is not listed)`;
  return `add ${what} to the rpcwhitelist line of ${who} in qtum.conf (${line}) and restart qtumd; ` +
    "each service's role and calls are in RPC_ROLES (libs/qtum-rpc/src/rpc-roles.ts)";
}

/**
 * HTTP 403 (qtumd answers it with an empty body): its rpcwhitelist does not allow this call for this RPC user.
 * Permanent: a config problem that no retry fixes; the message names the method and the qtum.conf line to change.
 */
export class RpcForbiddenError extends PermanentError {
  override readonly name: string = 'RpcForbiddenError';
  /** The refused method(s); `[method]` when the context did not name them. */
  readonly methods: readonly string[];
  readonly user: string | undefined;
  constructor(readonly method: string, ctx: ForbiddenContext = {}) {
    const methods = ctx.methods ?? (method === 'batch' ? [] : [method]);
    super(`${method}: qtumd refused the call for this RPC user (HTTP 403, rpcwhitelist): ${whitelistAdvice({ ...ctx, methods })}`);
    this.methods = methods;
    this.user = ctx.user || undefined;
  }
}

/** HTTP 401: wrong or missing credentials. Permanent: retrying with the same URL cannot help. */
export class RpcAuthError extends PermanentError {
  override readonly name: string = 'RpcAuthError';
  constructor(readonly method: string) {
    super(`${method}: qtumd refused the credentials (HTTP 401); check the user and password in QTUM_RPC_URL`);
  }
}

/** An HTTP status qtumd does not use for JSON-RPC replies (404 with empty body: wrong path, 405, 502...). */
export class RpcHttpError extends PermanentError {
  override readonly name: string = 'RpcHttpError';
  constructor(
    readonly method: string,
    readonly status: number,
    bodyExcerpt: string,
  ) {
    super(`${method}: unexpected HTTP ${status} from qtumd${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`);
  }
}

/**
 * The reply is not what qtumd sends: invalid JSON, no result/error envelope, or a result that does not fit
 * the method's schema. `path` names the offending field (`result.tx[1].vout[0].value`). Permanent: the same
 * node will answer the same way, and it signals a version mismatch or a bug to look at.
 */
export class RpcMalformedReplyError extends PermanentError {
  override readonly name: string = 'RpcMalformedReplyError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${method}: ${path}: ${problem}`);
  }
}

/** A request the client refuses to send (duplicate recipient, negative amount, unsafe call in a batch). */
export class RpcInvalidRequestError extends PermanentError {
  override readonly name: string = 'RpcInvalidRequestError';
  constructor(
    readonly method: string,
    problem: string,
  ) {
    super(`${method}: ${problem}`);
  }
}

/**
 * True when qtumd refuses this client for good: wrong credentials (401) or a call its rpcwhitelist does not list
 * (403). No retry or wait helps; a process that meets one should stop and say what to change.
 */
export function isNodeConfigFault(err: unknown): err is RpcAuthError | RpcForbiddenError {
  return err instanceof RpcAuthError || err instanceof RpcForbiddenError;
}
