import { type JsonNumber, WireJsonError, parseWireJson, qtumNumber, stringifyWireJson } from './wire-json';

describe('wire JSON', () => {
  it('keeps number text exactly, including exponents and big integers', () => {
    const v = parseWireJson('{"a":201.00000000,"d":4.656542373906925e-10,"n":9007199254740993,"neg":-0.5}') as Record<string, JsonNumber>;
    expect(v.a!.text).toBe('201.00000000');
    expect(v.d!.text).toBe('4.656542373906925e-10');
    expect(v.n!.text).toBe('9007199254740993');
    expect(v.neg!.text).toBe('-0.5');
    expect(() => v.n!.toSafeInt()).toThrow(/safe/);
  });

  it('parses strings with escapes and unicode', () => {
    expect(parseWireJson('"Loading wallet\u2026 \\"x\\"\\n"')).toBe('Loading wallet… "x"\n');
  });

  it('parses nested arrays, objects, literals', () => {
    expect(stringifyWireJson(parseWireJson(' [ {"x": [true, false, null]} , [] , {} ] '))).toBe('[{"x":[true,false,null]},[],{}]');
  });

  it.each(['', '{', '{"a":}', '[1,]', '{"a":1}x', '01', '"\u0001"', 'tru', '{a:1}', '1.', '-'])('rejects malformed %p with an offset', (text) => {
    expect(() => parseWireJson(text)).toThrow(WireJsonError);
  });

  it('does not let "__proto__" keys reach the prototype', () => {
    const v = parseWireJson('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(v)).toEqual(['__proto__']);
  });

  it('writes qtumd-style compact JSON with raw numbers and bigints', () => {
    expect(stringifyWireJson({ result: { value: qtumNumber(20_100_000_000n), satoshis: 20_000_000_000n, skip: undefined }, error: null, id: 'x' }))
      .toBe('{"result":{"value":201.00000000,"satoshis":20000000000},"error":null,"id":"x"}');
    expect(stringifyWireJson(qtumNumber(-1n))).toBe('-0.00000001');
  });

  it('round-trips a real reply byte for byte', () => {
    const body = '{"result":[{"satoshis":10000000000,"height":3503,"isStake":false,"value":0.00103600}],"error":null,"id":"x"}';
    expect(stringifyWireJson(parseWireJson(body))).toBe(body);
  });
});
