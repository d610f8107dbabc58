import { JsonNumber, parseQtum, type WireValue } from '@ppm/chain';
import { RPC, RpcError } from './rpc-error';

/** RPCHelpMan argument types the simulator checks. */
export type ParamType = 'number' | 'string' | 'bool' | 'object' | 'array' | 'amount' | 'numOrBool' | 'objOrString' | 'any';

/** One declared argument. */
export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly optional?: boolean;
}

/** UniValue's type name of a parsed JSON value. */
export function uniType(v: WireValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (v instanceof JsonNumber) return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function accepts(t: ParamType, v: WireValue): boolean {
  const u = uniType(v);
  switch (t) {
    case 'any':
      return true;
    case 'amount':
      return u === 'number' || u === 'string';
    case 'numOrBool':
      return u === 'number' || u === 'bool';
    case 'objOrString':
      return u === 'object' || u === 'string';
    default:
      return u === t;
  }
}

/**
 * Maps positional or named params onto `specs` and checks JSON types like RPCHelpMan: -1 with the help
 * text for a wrong count, -3 "Wrong type passed" listing every bad position. A JSON null counts as omitted.
 */
export function bindArgs(method: string, specs: readonly ParamSpec[], params: WireValue | undefined, help: string): (WireValue | undefined)[] {
  let args: (WireValue | undefined)[];
  if (params === undefined || params === null) args = [];
  else if (Array.isArray(params)) args = [...params];
  else if (typeof params === 'object' && !(params instanceof JsonNumber)) {
    const named = params;
    for (const k of Object.keys(named)) {
      if (!specs.some((s) => s.name === k)) throw new RpcError(RPC.INVALID_PARAMETER, `Unknown named parameter ${k}`);
    }
    args = specs.map((s) => named[s.name]);
    while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  } else throw new RpcError(RPC.INVALID_REQUEST, 'Params must be an array or object');
  const required = specs.filter((s) => !s.optional).length;
  if (args.length > specs.length || args.length < required || specs.some((s, i) => !s.optional && (args[i] === undefined || args[i] === null))) {
    throw new RpcError(RPC.MISC, help || `${method}\n`);
  }
  const errors: string[] = [];
  specs.forEach((s, i) => {
    const v = args[i];
    if (v === undefined || v === null) return;
    if (!accepts(s.type, v)) {
      const expected = s.type === 'amount' || s.type === 'numOrBool' ? 'number' : s.type === 'objOrString' ? 'object' : s.type;
      errors.push(`    "Position ${i + 1} (${s.name})": "JSON value of type ${uniType(v)} is not of expected type ${expected}"`);
    }
  });
  if (errors.length > 0) throw new RpcError(RPC.TYPE, `Wrong type passed:\n{\n${errors.join(',\n')}\n}`);
  return args.map((v) => (v === null ? undefined : v));
}

/** An integer argument; a fractional number gives -1 "JSON integer out of range" as in UniValue. */
export function intArg(v: WireValue | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (!(v instanceof JsonNumber) || !/^-?\d+$/.test(v.text)) throw new RpcError(RPC.MISC, 'JSON integer out of range');
  const n = Number(v.text);
  if (!Number.isSafeInteger(n)) throw new RpcError(RPC.MISC, 'JSON integer out of range');
  return n;
}

/** A string argument (already type-checked). */
export function strArg(v: WireValue | undefined, dflt = ''): string {
  return typeof v === 'string' ? v : dflt;
}

/** A boolean argument (already type-checked). */
export function boolArg(v: WireValue | undefined, dflt: boolean): boolean {
  return typeof v === 'boolean' ? v : dflt;
}

/** An amount (QTUM number or decimal string) as satoshis; qtumd's AmountFromValue errors. */
export function amountArg(v: WireValue | undefined): bigint {
  const text = v instanceof JsonNumber ? v.text : typeof v === 'string' ? v : undefined;
  if (text === undefined) throw new RpcError(RPC.TYPE, 'Amount is not a number or string');
  let sats: bigint;
  try {
    const plain = /e/i.test(text) ? expandExponent(text) : text;
    sats = parseQtum(plain, { allowNegative: true });
  } catch {
    throw new RpcError(RPC.TYPE, 'Invalid amount');
  }
  if (sats < 0n) throw new RpcError(RPC.TYPE, 'Amount out of range');
  return sats;
}

/** Writes `1e-05` style numbers as plain decimals, exactly (digits only, no float). */
function expandExponent(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/.exec(text);
  if (!m) return text;
  const [, sign = '', int = '', frac = '', expText = '0'] = m;
  const digits = int + frac;
  const point = int.length + Number(expText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** An object argument's members. */
export function objArg(v: WireValue | undefined): Record<string, WireValue> {
  return v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber) ? v : {};
}
