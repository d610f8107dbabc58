import { AmountError, formatQtum, formatQtumShort, parseQtum, parseSats, sumSats } from './amount';

describe('parseQtum', () => {
  it.each([
    ['201.00000000', 20_100_000_000n],
    ['0.00103600', 103_600n],
    ['118.8', 11_880_000_000n],
    ['0', 0n],
    ['99.99999999', 9_999_999_999n],
    ['107822406.00000000', 10_782_240_600_000_000n],
  ])('reads %s exactly', (text, sats) => {
    expect(parseQtum(text)).toBe(sats);
  });

  it('never goes through a float (0.1 + 0.2 style values stay exact)', () => {
    expect(parseQtum('0.30000000')).toBe(parseQtum('0.10000000') + parseQtum('0.20000000'));
  });

  it.each(['1.000000001', '0.123456789'])('refuses more than 8 decimals: %s', (text) => {
    expect(() => parseQtum(text)).toThrow(/too many decimals/);
  });

  it.each(['', 'NaN', 'Infinity', '1e8', '0x10', '1.', '.5', ' ', 'abc', '--1', '1,5'])('refuses NaN-like or malformed text %p', (text) => {
    expect(() => parseQtum(text)).toThrow(AmountError);
  });

  it('refuses negatives unless allowed', () => {
    expect(() => parseQtum('-1.00000000')).toThrow(/negative/);
    expect(parseQtum('-0.00103600', { allowNegative: true })).toBe(-103_600n);
  });

  it('refuses amounts above the money supply', () => {
    expect(() => parseQtum('107822407.00000000')).toThrow(/out of range/);
  });
});

describe('formatQtum', () => {
  it.each([
    [20_100_000_000n, '201.00000000'],
    [1n, '0.00000001'],
    [0n, '0.00000000'],
    [-103_600n, '-0.00103600'],
    [150_000_000n, '1.50000000'],
  ])('formats %s', (sats, text) => {
    expect(formatQtum(sats)).toBe(text);
  });

  it('round-trips with parseQtum', () => {
    for (const v of [0n, 1n, 99_999_999n, 100_000_000n, 123_456_789_012n]) expect(parseQtum(formatQtum(v))).toBe(v);
  });

  it('has a short human form', () => {
    expect(formatQtumShort(150_000_000n)).toBe('1.50');
    expect(formatQtumShort(1n)).toBe('0.00000001');
  });
});

describe('parseSats', () => {
  it('reads decimal strings of satoshis', () => {
    expect(parseSats('9007199254740993')).toBe(9_007_199_254_740_993n);
    expect(parseSats('0')).toBe(0n);
  });
  it.each(['01', '1.0', '-1', '1e3', '', ' 1'])('refuses %p', (text) => {
    expect(() => parseSats(text)).toThrow(AmountError);
  });
  it('allows a sign when asked', () => {
    expect(parseSats('-5', { allowNegative: true })).toBe(-5n);
  });
  it('sums', () => {
    expect(sumSats([1n, 2n, 3n])).toBe(6n);
  });
});
