/**
 * Lossless JSON for qtumd's wire format. `JSON.parse` turns `201.00000000` into a float and loses the text;
 * here every number is kept as a {@link JsonNumber} holding its exact text, so amounts are parsed to
 * satoshis from the digits, and integers beyond 2^53 survive. The writer emits {@link JsonNumber} text as is
 * (how the simulator writes `1.00000000`) and `bigint` as an integer, compactly like UniValue.
 */

/** A JSON number kept as its exact source text. */
export class JsonNumber {
  constructor(readonly text: string) {}
  /** The value as a JS number; throws if it is not a safe integer. */
  toSafeInt(): number {
    if (!/^-?\d+$/.test(this.text)) throw new RangeError(`not an integer: ${this.text}`);
    const n = Number(this.text);
    if (!Number.isSafeInteger(n)) throw new RangeError(`integer out of safe range: ${this.text}`);
    return n;
  }
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

/** A value produced by {@link parseWireJson}. */
export type WireValue = null | boolean | string | JsonNumber | WireValue[] | { [key: string]: WireValue };

/** A malformed JSON text, with the offset where parsing failed. */
export class WireJsonError extends SyntaxError {
  override readonly name = 'WireJsonError';
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses JSON text keeping every number's text. Rejects trailing garbage. Duplicate keys: the last wins. */
export function parseWireJson(text: string): WireValue {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const fail = (msg: string): never => {
    throw new WireJsonError(msg, i);
  };
  const str = (): string => {
    // Delegate escapes to JSON.parse on the exact string literal: correct and fast.
    const start = i;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) i++;
      else if (c < 0x20) fail('control character in string');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('bad string escape');
    }
  };
  const value = (depth: number): WireValue => {
    if (depth > 512) fail('nesting too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [key: string]: WireValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a string key');
        const key = str();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        Object.defineProperty(obj, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: WireValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) {
      i += m[0].length;
      return new JsonNumber(m[0]);
    }
    return fail(i >= text.length ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail('trailing characters after JSON value');
  return v;
}

/**
 * Writes JSON compactly (no spaces, like qtumd). {@link JsonNumber} is written as its text, `bigint` as an
 * integer; `undefined` object members are skipped. Key order is insertion order.
 */
export function stringifyWireJson(value: unknown): string {
  const out: string[] = [];
  const write = (v: unknown): void => {
    if (v === null || v === undefined) out.push('null');
    else if (v instanceof JsonNumber) out.push(v.text);
    else if (typeof v === 'bigint') out.push(v.toString());
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(`cannot write ${v} as JSON`);
      out.push(String(v));
    } else if (typeof v === 'string' || typeof v === 'boolean') out.push(JSON.stringify(v));
    else if (Array.isArray(v)) {
      out.push('[');
      v.forEach((x, k) => {
        if (k) out.push(',');
        write(x);
      });
      out.push(']');
    } else if (typeof v === 'object') {
      out.push('{');
      let first = true;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined) continue;
        if (!first) out.push(',');
        first = false;
        out.push(JSON.stringify(k), ':');
        write(x);
      }
      out.push('}');
    } else throw new TypeError(`cannot write ${typeof v} as JSON`);
  };
  write(value);
  return out.join('');
}

/** A QTUM amount as qtumd writes it: 8 decimals, as a raw JSON number. */
export function qtumNumber(sats: bigint): JsonNumber {
  const neg = sats < 0n;
  const abs = neg ? -sats : sats;
  return new JsonNumber(`${neg ? '-' : ''}${abs / 100_000_000n}.${(abs % 100_000_000n).toString().padStart(8, '0')}`);
}
