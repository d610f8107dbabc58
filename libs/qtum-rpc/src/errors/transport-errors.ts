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

/** HTTP 403: qtumd's rpcwhitelist does not allow this call for this RPC user. Permanent: a config problem. */
export class RpcForbiddenError extends PermanentError {
  override readonly name: string = 'RpcForbiddenError';
  constructor(readonly method: string) {
    super(
      `${method}: qtumd refused the call for this RPC user (HTTP 403, rpcwhitelist); the user in QTUM_RPC_URL must be the ` +
        "service's role, whose line in qtum.conf must list every call of RPC_ROLES (libs/qtum-rpc/src/rpc-roles.ts)",
    );
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
