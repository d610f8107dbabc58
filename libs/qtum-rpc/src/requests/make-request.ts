import { formatQtum } from '@ppm/chain';
import type { z } from 'zod';
import { methodSpec } from '../catalog';
import { RpcInvalidRequestError } from '../errors';
import { decodeResult } from '../reply';
import type { RpcRequest } from '../rpc-request';
import type { RawTxOutput, Recipient } from '../types';

/**
 * Builds a request for a catalogued method. Trailing undefined params are dropped and inner ones sent as
 * null (qtumd reads null as "use the default"), so optional arguments can be skipped.
 */
export function makeRequest<T>(method: string, params: readonly unknown[]): RpcRequest<T> {
  const spec = methodSpec(method);
  if (!spec) throw new RpcInvalidRequestError(method, 'not a method this client supports');
  let end = params.length;
  while (end > 0 && params[end - 1] === undefined) end--;
  const wire = params.slice(0, end).map((p) => (p === undefined ? null : p));
  // The catalog's schema for these params produces T; the builders' signatures are the single place that says so.
  const schema = spec.result(wire) as z.ZodType<T>;
  return {
    method,
    params: wire,
    parse: (result) => decodeResult(method, schema, result),
    retrySafe: spec.retrySafe,
    wallet: spec.wallet,
    secret: spec.secret,
  };
}

/** Satoshis as the 8-decimal string qtumd parses exactly (never a float). */
export function amountParam(method: string, sats: bigint, what: string): string {
  if (sats < 0n) throw new RpcInvalidRequestError(method, `${what}: negative amount ${sats}`);
  return formatQtum(sats);
}

/**
 * `{address: "1.50000000"}` for sendmany/createrawtransaction. Duplicates are refused here: a JS object
 * would silently keep only the last amount.
 */
export function recipientsParam(method: string, recipients: readonly Recipient[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of recipients) {
    if (Object.hasOwn(out, r.address)) throw new RpcInvalidRequestError(method, `duplicated address ${r.address}`);
    out[r.address] = amountParam(method, r.amountSats, r.address);
  }
  return out;
}

/**
 * createrawtransaction's outputs object: recipients as {@link recipientsParam}, plus at most one `"data"` key
 * (qtumd refuses a second one) holding even-length hex, in the order given.
 */
export function rawOutputsParam(method: string, outputs: readonly RawTxOutput[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of outputs) {
    if ('dataHex' in o) {
      if (Object.hasOwn(out, 'data')) throw new RpcInvalidRequestError(method, 'at most one data output per transaction');
      if (!/^([0-9a-f]{2})+$/i.test(o.dataHex)) throw new RpcInvalidRequestError(method, `data must be non-empty even-length hex, got ${JSON.stringify(o.dataHex)}`);
      out.data = o.dataHex.toLowerCase();
      continue;
    }
    if (Object.hasOwn(out, o.address)) throw new RpcInvalidRequestError(method, `duplicated address ${o.address}`);
    out[o.address] = amountParam(method, o.amountSats, o.address);
  }
  return out;
}
