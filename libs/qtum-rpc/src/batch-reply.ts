import { JsonNumber, type WireValue } from '@ppm/chain';
import { RpcAuthError, RpcForbiddenError, RpcHttpError, RpcMalformedReplyError } from './errors';
import { envelopeError, parseBody, readEnvelope, resultOf } from './reply';
import type { BatchEntry, RpcRequest } from './rpc-request';

function idKey(id: WireValue | undefined): string | undefined {
  if (id instanceof JsonNumber) return `n:${id.text}`;
  if (typeof id === 'string') return `s:${id}`;
  return undefined;
}

/**
 * Reads a JSON-RPC batch reply. qtumd answers a batch with HTTP 200 and one entry per request, each with its
 * own `error`; entries are matched by id, not position. A whole-batch failure (401, parse error, non-JSON)
 * throws; a failing entry becomes `{ ok: false, error }` and leaves the others intact.
 */
export function readBatchReply(
  requests: readonly RpcRequest<unknown>[],
  ids: readonly (number | string)[],
  httpStatus: number,
  bodyText: string,
): BatchEntry<unknown>[] {
  if (httpStatus === 401) throw new RpcAuthError('batch');
  if (httpStatus === 403) throw new RpcForbiddenError('batch');
  if (httpStatus !== 200) {
    // e.g. -32700 for the whole body: readEnvelope throws the node's error or an HTTP error.
    readEnvelope('batch', httpStatus, bodyText);
    throw new RpcHttpError('batch', httpStatus, bodyText.trim().slice(0, 200));
  }
  const body = parseBody('batch', bodyText);
  if (!Array.isArray(body)) {
    // A single envelope instead of an array: the node rejected the batch as a whole.
    const error = envelopeError('batch', body);
    if (error) throw error;
    throw new RpcMalformedReplyError('batch', 'reply', 'expected an array of replies');
  }
  const byId = new Map<string, WireValue>();
  for (const entry of body) {
    const key = entry && typeof entry === 'object' && !Array.isArray(entry) && !(entry instanceof JsonNumber) ? idKey(entry['id']) : undefined;
    if (key !== undefined) byId.set(key, entry);
  }
  return requests.map((req, i) => {
    const id = ids[i];
    const entry = byId.get(typeof id === 'number' ? `n:${id}` : `s:${String(id)}`);
    if (entry === undefined) throw new RpcMalformedReplyError('batch', `reply[id=${String(id)}]`, `no reply for ${req.method}`);
    const root = `reply[id=${String(id)}]`;
    try {
      const error = envelopeError(req.method, entry, root);
      if (error) return { ok: false, error };
      return { ok: true, value: req.parse(resultOf(entry)) };
    } catch (err) {
      if (err instanceof RpcMalformedReplyError) return { ok: false, error: err };
      throw err;
    }
  });
}
