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

/**
 * The exact char-by-char parser: the reference semantics, and the one that reports errors with their offset.
 * Parses JSON text keeping every number's text. Rejects trailing garbage. Duplicate keys: the last wins.
 */
export function parseWireJsonExact(text: string): WireValue {
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

/** Deepest value the exact parser accepts (the root is depth 0). */
const MAX_DEPTH = 512;

/** Marks a number rewritten into a string; written as the escape `\u0000`, read back as a leading NUL. */
const SENTINEL_ESCAPE = '\\u0000';

/**
 * One step of the rewrite, sticky so that it never resyncs mid-text: (1) a run of characters outside strings
 * that cannot start a number, and whole string literals; (2) one whole number lexeme (the exact parser's
 * grammar) not followed by another number character. Every alternative of (1) starts with a different
 * character and a string literal matches one way only, so a failed step backtracks in linear time. Used with
 * `replace` and a replacement pattern, so the loop runs natively. The step fails (and the rewrite stops) at
 * the end of the text, or at what JSON.parse rejects too: an unterminated string, a lone '-', a malformed
 * number (`01`, `1.`, `1e`, `1-2`).
 */
const REWRITE_STEP = /((?:[^"\d-]|"[^"\\]*(?:\\[\s\S][^"\\]*)*")*)(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)(?![\d.eE+-])/gy;

/** A string literal, or a ':' outside string literals. */
const STRING_OR_COLON = /"[^"\\]*(?:\\[\s\S][^"\\]*)*"|:/g;

/** Thrown inside the fast path when it cannot decide; the exact parser then answers. One instance, no stack. */
class Undecided extends Error {}
const UNDECIDED = new Undecided('undecided');

/**
 * Turns the markers of a `JSON.parse` result back into {@link JsonNumber}, in place, and returns how many
 * object members it saw. Throws {@link UNDECIDED} on anything the exact parser might see differently: a marker
 * as an object key (a number where a key must be), a JS number (a number the rewrite did not reach), or
 * nesting deeper than {@link MAX_DEPTH}.
 */
function revive(container: unknown[] | { [key: string]: unknown }, depth: number): number {
  let members = 0;
  if (Array.isArray(container)) {
    const n = container.length;
    if (n > 0 && depth >= MAX_DEPTH) throw UNDECIDED;
    for (let k = 0; k < n; k++) {
      const x = container[k];
      if (typeof x === 'string') {
        if (x.charCodeAt(0) === 0) container[k] = new JsonNumber(x.slice(1));
      } else if (typeof x === 'number') throw UNDECIDED;
      else if (x !== null && typeof x === 'object') members += revive(x as unknown[], depth + 1);
    }
    return members;
  }
  const keys = Object.keys(container);
  if (keys.length > 0 && depth >= MAX_DEPTH) throw UNDECIDED;
  members += keys.length;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    if (key.charCodeAt(0) === 0) throw UNDECIDED;
    const x = container[key];
    if (typeof x === 'string') {
      // An own data property (JSON.parse defines `__proto__` as one too), so assignment stays on it.
      if (x.charCodeAt(0) === 0) container[key] = new JsonNumber(x.slice(1));
    } else if (typeof x === 'number') throw UNDECIDED;
    else if (x !== null && typeof x === 'object') members += revive(x as { [key: string]: unknown }, depth + 1);
  }
  return members;
}

/** How many ':' the text holds, anywhere. */
function countColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) n++;
  return n;
}

/** How many ':' the text holds outside string literals (one per object member in valid JSON). */
function countMemberColons(text: string): number {
  let n = 0;
  STRING_OR_COLON.lastIndex = 0;
  for (let m = STRING_OR_COLON.exec(text); m; m = STRING_OR_COLON.exec(text)) if (m[0] === ':') n++;
  return n;
}

/**
 * The fast path of {@link parseWireJson}: rewrites every number outside strings into the string
 * `"\u0000<number text>"` with one native regex pass, lets the native `JSON.parse` build the value, then turns
 * those strings back into {@link JsonNumber}. Returns `undefined` when it cannot decide — the text holds a
 * `\u0000` escape (which could collide with the marker), JSON.parse rejects the rewritten text, a duplicate key
 * dropped a member, or {@link revive} finds something off — and the exact parser decides then (and reports
 * errors with their offsets).
 *
 * Why an answer here is the exact parser's: with no `\u0000` escape in the text, a decoded string starting with
 * NUL can only be a marker, and each marker holds a whole number lexeme. If JSON.parse accepts the rewritten
 * text, the rewrite went through to the end (it stops only before what JSON.parse rejects too), so no number
 * was left out; putting the number texts back gives the original text (each lexeme is bounded by the same
 * punctuation or whitespace its marker was), which is then valid JSON with the same structure, strings and
 * numbers — provided every marker stood where a value may (not as a key) and nothing was dropped unseen: with as
 * many object members in the result as ':' outside strings in the text, no duplicate key discarded a member
 * (which could have held a marker key or a too-deep value).
 */
export function parseWireJsonFast(text: string): WireValue | undefined {
  if (text.includes(SENTINEL_ESCAPE)) return undefined;
  let v: unknown;
  try {
    REWRITE_STEP.lastIndex = 0;
    v = JSON.parse(text.replace(REWRITE_STEP, '$1"\\u0000$2"'));
  } catch {
    return undefined; // malformed (or a regex stack overflow on a pathological text)
  }
  if (typeof v === 'string') return v.charCodeAt(0) === 0 ? new JsonNumber(v.slice(1)) : v;
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v !== 'object') return undefined; // a JS number: the rewrite did not reach it
  let members: number;
  try {
    members = revive(v as unknown[], 0);
  } catch (err) {
    if (err === UNDECIDED) return undefined;
    throw err;
  }
  // Fewer members than ':' anywhere: either ':' inside strings or a duplicate key; count exactly to tell.
  if (members !== countColons(text) && members !== countMemberColons(text)) return undefined;
  return v as WireValue;
}

/**
 * Parses JSON text keeping every number's text (as {@link JsonNumber}). Rejects trailing garbage with a
 * {@link WireJsonError} holding the offset. Duplicate keys: the last wins; `__proto__` stays an own key.
 * Large replies go through the native-JSON.parse fast path; anything it cannot decide, and every error, goes
 * through {@link parseWireJsonExact}, so the result is the same either way.
 */
export function parseWireJson(text: string): WireValue {
  const fast = parseWireJsonFast(text);
  return fast !== undefined ? fast : parseWireJsonExact(text);
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
