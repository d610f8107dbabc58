/**
 * Reading qtumd replies: one pure path from (HTTP status, body text) to a typed result or a typed error.
 * The transport and the fixture tests both go through here.
 */
import { JsonNumber, parseWireJson, type WireValue } from '@ppm/chain';
import type { z } from 'zod';
import { methodSpec } from './catalog';
import { RpcAuthError, RpcForbiddenError, RpcHttpError, RpcInvalidRequestError, RpcMalformedReplyError, rpcErrorFromCode, type RpcError } from './errors';
import { fastDecoderOf } from './schemas/wire';

/** Statuses qtumd sends with a JSON-RPC body: 200 ok, 500 error, 404 method not found, 400 invalid request. */
const JSON_STATUSES = new Set([200, 400, 404, 500]);

/** `result.tx[1].vout[0].value` from a zod issue path. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : `.${String(k)}`;
  return out;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (v instanceof JsonNumber) return `number ${v.text}`;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v;
}

/** Validates and converts a wire `result` with `schema`, or throws RpcMalformedReplyError naming the field. */
export function decodeResult<T>(method: string, schema: z.ZodType<T>, result: WireValue, root = 'result'): T {
  // Hot schemas (address index) carry a hand-written decoder; zod decides whenever it declines.
  const fast = fastDecoderOf(schema)?.(result);
  if (fast !== undefined) return fast;
  const parsed = schema.safeParse(result);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw new RpcMalformedReplyError(method, root, 'invalid');
  let input: unknown = result;
  for (const k of issue.path) input = input && typeof input === 'object' ? (input as Record<PropertyKey, unknown>)[k] : undefined;
  const problem =
    issue.code === 'custom' || issue.code === 'invalid_format' ? issue.message
    : issue.code === 'invalid_type' ? `expected ${issue.expected}, got ${describe(input)}`
    : issue.message;
  const what = input === undefined && issue.path.length > 0 ? `missing (${problem})` : problem;
  throw new RpcMalformedReplyError(method, formatPath(root, issue.path), what);
}

/** Parses a body as lossless JSON, or throws RpcMalformedReplyError. */
export function parseBody(method: string, bodyText: string): WireValue {
  try {
    return parseWireJson(bodyText);
  } catch (err) {
    throw new RpcMalformedReplyError(method, 'body', `not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The node's error in an envelope, typed; undefined when `error` is null. Throws on a malformed envelope. */
export function envelopeError(method: string, envelope: WireValue, root = 'reply'): RpcError | undefined {
  if (!envelope || typeof envelope !== 'object' || Array.isArray(envelope) || envelope instanceof JsonNumber) {
    throw new RpcMalformedReplyError(method, root, `expected a JSON-RPC reply object, got ${describe(envelope)}`);
  }
  const error = envelope['error'];
  if (error === null) {
    if (!('result' in envelope)) throw new RpcMalformedReplyError(method, `${root}.result`, 'missing');
    return undefined;
  }
  if (!error || typeof error !== 'object' || Array.isArray(error) || error instanceof JsonNumber) {
    throw new RpcMalformedReplyError(method, `${root}.error`, `expected null or {code, message}, got ${describe(error)}`);
  }
  const code = error['code'];
  const message = error['message'];
  if (!(code instanceof JsonNumber) || !/^-?\d+$/.test(code.text)) throw new RpcMalformedReplyError(method, `${root}.error.code`, 'expected an integer');
  if (typeof message !== 'string') throw new RpcMalformedReplyError(method, `${root}.error.message`, 'expected a string');
  return rpcErrorFromCode(Number(code.text), message, method);
}

/**
 * The envelope of a single (non-batch) call: maps HTTP 401 and non-JSON statuses, reads the JSON body on
 * 200/500/404/400 as qtumd sends it, and throws the node's error. Returns the parsed body (an object with
 * `result`) for the caller to decode.
 */
export function readEnvelope(method: string, httpStatus: number, bodyText: string): WireValue {
  if (httpStatus === 401) throw new RpcAuthError(method);
  if (httpStatus === 403) throw new RpcForbiddenError(method);
  if (!JSON_STATUSES.has(httpStatus) || (httpStatus !== 200 && bodyText.trim() === '')) {
    throw new RpcHttpError(method, httpStatus, bodyText.trim().slice(0, 200));
  }
  let body: WireValue;
  try {
    body = parseWireJson(bodyText);
  } catch (err) {
    // A non-JSON error page is an HTTP problem; a non-JSON 200 is a broken reply.
    if (httpStatus !== 200) throw new RpcHttpError(method, httpStatus, bodyText.trim().slice(0, 200));
    throw new RpcMalformedReplyError(method, 'body', `not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const error = envelopeError(method, body);
  if (error) throw error;
  return body;
}

/** The `result` member of an envelope that {@link readEnvelope} accepted. */
export function resultOf(envelope: WireValue): WireValue {
  return (envelope as Record<string, WireValue>)['result'] ?? null;
}

/**
 * Pure reply parsing for `method` called with `params` (positional or named): the typed result, or the typed
 * error the client would throw. Used by the transport path and by the fixture tests.
 */
export function parseReply(method: string, params: unknown, httpStatus: number, bodyText: string): unknown {
  // Errors first: an error reply maps to its typed error whatever the method.
  const envelope = readEnvelope(method, httpStatus, bodyText);
  const spec = methodSpec(method);
  if (!spec) throw new RpcInvalidRequestError(method, 'not a method this client supports');
  return decodeResult(method, spec.result(params), resultOf(envelope));
}
