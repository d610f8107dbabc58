import { JsonNumber, stringifyWireJson, type WireValue } from '@ppm/chain';
import { badShape, type FaultSpec } from './faults';
import { bindArgs } from './rpc-args';
import { RPC, RpcError } from './rpc-error';
import { RawJson, type MethodTable, type SimContext } from './rpc-types';

/** One JSON-RPC reply, already serialised, with the HTTP status it implies. */
export interface Reply {
  readonly text: string;
  readonly status: number;
}

/** HTTP status of an error reply (httprpc.cpp JSONErrorReply). */
export function statusOf(code: number): number {
  if (code === RPC.METHOD_NOT_FOUND) return 404;
  if (code === RPC.INVALID_REQUEST) return 400;
  return 500;
}

/** `{"result":null,"error":{code,message},"id":id}`. */
export function errorReply(code: number, message: string, id: WireValue | undefined): Reply {
  return { text: `{"result":null,"error":${stringifyWireJson({ code, message })},"id":${stringifyWireJson(id ?? null)}}`, status: statusOf(code) };
}

function resultText(result: unknown): string {
  return result instanceof RawJson ? result.text : stringifyWireJson(result);
}

/** Converts wire params into plain JSON values for the wallet call log. */
function plain(v: WireValue | undefined): unknown {
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** Runs one request object against `table`; `walletName` comes from a /wallet/<name> URL. */
export function dispatch(req: WireValue, walletName: string | undefined, ctx: SimContext, table: MethodTable, fault?: FaultSpec): Reply {
  if (req === null || typeof req !== 'object' || Array.isArray(req) || req instanceof JsonNumber) {
    return errorReply(RPC.INVALID_REQUEST, 'Invalid Request object', null);
  }
  const id = req.id ?? null;
  const name = req.method;
  if (typeof name !== 'string') return errorReply(RPC.INVALID_REQUEST, 'Method must be a string', id);
  if (fault?.kind === 'rpc-error') return errorReply(fault.code, fault.message, id);
  if (fault?.kind === 'warmup') return errorReply(RPC.IN_WARMUP, 'Loading block index…', id);
  const m = table[name];
  if (!m) return errorReply(RPC.METHOD_NOT_FOUND, 'Method not found', id);
  const params = req.params;
  try {
    if (m.wallet && walletName !== undefined && walletName !== ctx.wallet.name) {
      throw new RpcError(RPC.WALLET_NOT_FOUND, 'Requested wallet does not exist or is not loaded');
    }
    const args = bindArgs(name, m.params, params, m.help ?? '');
    let result: unknown;
    try {
      result = m.run(args, ctx);
    } catch (e) {
      if (m.wallet && e instanceof RpcError) ctx.wallet.record(name, args.map(plain), e.code);
      throw e;
    }
    if (m.wallet) ctx.wallet.record(name, args.map(plain));
    const text = fault?.kind === 'bad-shape' ? stringifyWireJson(badShape(result instanceof RawJson ? JSON.parse(result.text) : result)) : resultText(result);
    return { text: `{"result":${text},"error":null,"id":${stringifyWireJson(id)}}`, status: 200 };
  } catch (e) {
    if (e instanceof RpcError) return errorReply(e.code, e.message, id);
    return errorReply(RPC.INTERNAL, e instanceof Error ? e.message : String(e), id);
  }
}
