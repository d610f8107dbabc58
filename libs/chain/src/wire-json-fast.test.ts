/**
 * The fast path of parseWireJson (native JSON.parse over a rewritten text) must answer exactly as the exact
 * char-by-char parser does: same values, same number texts, same key order, and WireJsonError on malformed text.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { FIXTURES_DIR } from './test/fixtures';
import { JsonNumber, WireJsonError, parseWireJson, parseWireJsonExact, parseWireJsonFast, stringifyWireJson, type WireValue } from './wire-json';

/** A tagged, order-preserving picture of a value: tells JsonNumber from string and keeps key order and prototypes. */
function tagged(v: unknown): unknown {
  if (v instanceof JsonNumber) return { n: v.text };
  if (typeof v === 'string') return { s: v };
  if (v === null || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return { a: v.map(tagged) };
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) === Object.prototype ? 'Object' : 'other';
    return { o: Object.keys(v).map((k) => [k, tagged((v as Record<string, unknown>)[k])]), proto };
  }
  return { unexpected: typeof v };
}

/** What a parser makes of a text: the tagged value, or the error's class, message and offset. */
function outcome(parse: (text: string) => WireValue, text: string): unknown {
  try {
    return { ok: tagged(parse(text)) };
  } catch (err) {
    if (err instanceof WireJsonError) return { error: err.message, offset: err.offset };
    return { other: String(err) };
  }
}

/** The fast path answered, and with the exact parser's value. */
function expectFastSame(text: string): void {
  const fast = parseWireJsonFast(text);
  expect(fast).not.toBeUndefined();
  expect(tagged(fast)).toEqual(tagged(parseWireJsonExact(text)));
}

/** parseWireJson and the exact parser agree on the text, value or error. */
function expectSameOutcome(text: string): void {
  expect(outcome(parseWireJson, text)).toEqual(outcome(parseWireJsonExact, text));
}

/** Property runs; raise with WIRE_FUZZ_RUNS for a longer soak. */
const FUZZ_RUNS = Number(process.env['WIRE_FUZZ_RUNS'] ?? 2000);

// A number lexeme, as qtumd and JSON write them (and odd but valid forms).
const numberText = fc.oneof(
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 99_999_999 })).map(([w, f]) => `${w}.${String(f).padStart(8, '0')}`),
  fc.tuple(fc.boolean(), fc.nat(1000), fc.nat(999), fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.nat(400)).map(
    ([neg, w, f, e, sign, x]) => `${neg ? '-' : ''}${w}.${f}${e}${sign}${x}`,
  ),
  fc.constantFrom('0', '-0', '0.0', '-0.00000001', '9007199254740993', '4.656542373906925e-10', '1E400'),
);
const ws = fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n  ');
// Strings with quotes, backslashes, control characters, lone surrogates and digits, written by JSON.stringify
// (so escapes vary), sometimes with \u escapes spelled out by hand.
const stringText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"-1"', '"12.5e3"', '"\\"1\\""', '"\\\\"', '"a\\\\\\"2"', '"\\u0041\\u00e9"', '"\\/"', '"__proto__"', '""'),
);
const { json: jsonText } = fc.letrec<{ json: string; array: string; object: string }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberText,
    stringText,
    fc.constantFrom('true', 'false', 'null'),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(fc.tuple(ws, tie('json'), ws), { maxLength: 5 }).map((xs) => `[${xs.map(([a, v, b]) => a + v + b).join(',')}]`),
  object: fc
    .array(fc.tuple(ws, fc.oneof(stringText, fc.constantFrom('"a"', '"1"', '"__proto__"', '"constructor"')), ws, tie('json')), { maxLength: 5 })
    .map((xs) => `{${xs.map(([a, k, b, v]) => `${a}${k}${b}:${v}`).join(',')}}`),
}));

describe('parseWireJson fast path', () => {
  it('matches the exact parser on every real qtumd capture, whole file and compact response', () => {
    const files = fs.readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8');
      expectFastSame(text);
      const response = (parseWireJsonExact(text) as { [k: string]: WireValue })['response'];
      const body = stringifyWireJson(response);
      expectFastSame(body);
      expect(stringifyWireJson(parseWireJson(body))).toBe(body);
    }
  });

  it('matches the exact parser on random JSON texts', () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(ws, jsonText, ws, (a, v, b) => {
        const text = a + v + b;
        runs++;
        // Texts spelling \u0000, or with a duplicate key, go to the exact parser by design.
        const value = parseWireJsonFast(text);
        if (value !== undefined) {
          fast++;
          expect(tagged(value)).toEqual(tagged(parseWireJsonExact(text)));
        }
        if (text.includes('\\u0000')) expect(value).toBeUndefined();
        expectSameOutcome(text);
      }),
      { numRuns: FUZZ_RUNS },
    );
    expect(fast).toBeGreaterThan(runs / 2);
  });

  it('agrees with the exact parser on mutated (mostly malformed) texts', () => {
    const edit = fc.tuple(fc.nat(), fc.constantFrom('', '-', '0', '1', '.', 'e', '+', '"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'u', '\u0000'), fc.boolean());
    fc.assert(
      fc.property(jsonText, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        let t = text;
        for (const [at, ch, replace] of edits) {
          const k = t.length === 0 ? 0 : at % (t.length + 1);
          t = t.slice(0, k) + ch + t.slice(replace ? k + 1 : k);
        }
        expectSameOutcome(t);
      }),
      { numRuns: FUZZ_RUNS * 1.5 },
    );
  });

  it.each([
    '',
    ' ',
    '{',
    '{"a":}',
    '[1,]',
    '{"a":1}x',
    '01',
    '[01]',
    '"\u0001"',
    'tru',
    '{a:1}',
    '1.',
    '-',
    '[-]',
    '[1,-]',
    '[1-2]',
    '[1e]',
    '[.5]',
    '[+1]',
    '{1:2}',
    '{"a":1,2:3}',
    '["a", 1 2]',
    '["abc, 1]',
    '[1]["x"]',
    '[NaN]',
    '[-Infinity]',
    '["\\u0000", 1 x]',
    '{"a":"\\u0000"}}',
    '\uFEFF[1]',
    '{"a":0e.10e-100,"a":0}',
    '{"a":{1:2},"a":0}',
    '{"a":[1-2],"a":0}',
    '["\\x"]',
    '[1,"\\',
  ])('rejects malformed %p with the exact parser\'s error and offset', (text) => {
    expect(() => parseWireJson(text)).toThrow(WireJsonError);
    expectSameOutcome(text);
  });

  it('keeps the exact parser\'s nesting limit (512)', () => {
    const nest = (n: number, inner: string) => '['.repeat(n) + inner + ']'.repeat(n);
    for (const text of [nest(512, '1'), nest(513, ''), nest(513, '1'), nest(514, ''), `{"a":${nest(512, '"x"')}}`, `{"a":${nest(511, '{}')}}`, `{"a":${nest(513, '')},"a":1}`, `[{"a":${nest(512, '0')},"a":1}]`]) {
      expectSameOutcome(text);
    }
    expect(() => parseWireJson(nest(513, '1'))).toThrow(/nesting too deep/);
    expect(() => parseWireJson(nest(600, ''))).toThrow(WireJsonError);
    expect(tagged(parseWireJson(nest(512, '2.50')))).toEqual(tagged(parseWireJsonExact(nest(512, '2.50'))));
  });

  it('takes the fast path on plain replies, and the exact parser when the text spells \\u0000', () => {
    expect(parseWireJsonFast('{"result":[{"satoshis":10000000000,"value":0.00103600}],"error":null,"id":"x"}')).toBeDefined();
    expect(parseWireJsonFast('1.50')).toEqual(new JsonNumber('1.50'));
    expect(parseWireJsonFast('"x"')).toBe('x');
    expect(parseWireJsonFast('null')).toBeNull();
    expect(parseWireJsonFast('{"a":"\\u0000"}')).toBeUndefined();
    expect(parseWireJson('{"a":"\\u00001","b":1}')).toEqual({ a: '\u00001', b: new JsonNumber('1') });
    expect(parseWireJson('"\\\\u0000"')).toBe('\\u0000');
  });

  it('keeps "__proto__" an own key (also holding a number), and the last of duplicate keys', () => {
    for (const text of ['{"__proto__":{"polluted":1}}', '{"__proto__":5}', '{"a":1,"__proto__":[2.5]}']) {
      expectFastSame(text);
      expectSameOutcome(text);
    }
    // Duplicate keys go to the exact parser (a dropped member could have hidden a malformed part).
    for (const text of ['{"a":1,"__proto__":[2],"a":3.0,"__proto__":"x"}', '{"a":[[0]],"a":1}', '{"a":{"1":0},"a":{"1":0.0e0}}']) {
      expect(parseWireJsonFast(text)).toBeUndefined();
      expectSameOutcome(text);
    }
    expect(parseWireJsonFast('{"url":"http://x:1","a":{"b:c":"d:e"}}')).toEqual({ url: 'http://x:1', a: { 'b:c': 'd:e' } });
    const v = parseWireJson('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    const d = parseWireJson('{"a":1,"b":2,"a":3.00}') as Record<string, JsonNumber>;
    expect(Object.keys(d)).toEqual(['a', 'b']);
    expect(d['a']?.text).toBe('3.00');
  });

  it('parses a large address-index reply exactly', () => {
    const entries: string[] = [];
    for (let k = 0; k < 5000; k++) {
      const txid = k.toString(16).padStart(64, '0');
      entries.push(`{"address":"qUbxboqjBRp96j3La8D1RYkyqx5uQbJPoW","txid":"${txid}","outputIndex":${k % 7},"script":"76a914${txid.slice(0, 40)}88ac","satoshis":${1_000_000 + k},"height":${5000 + k},"isStake":${k % 3 === 0}}`);
    }
    const body = `{"result":[${entries.join(',')}],"error":null,"id":1}`;
    expectFastSame(body);
    expect(stringifyWireJson(parseWireJson(body))).toBe(body);
  });
});
