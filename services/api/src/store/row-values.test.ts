import { countOf, intOrNull, isoOrNull, satsText } from './row-values';

test('satsText keeps amounts exact beyond 2^53 and normalises the text', () => {
  expect(satsText('10782240600000001')).toBe('10782240600000001');
  expect(satsText('-0')).toBe('0');
  expect(satsText('007')).toBe('7');
  expect(satsText(12n)).toBe('12');
  expect(satsText(null)).toBe('0');
});

test('satsText refuses a scaled or non-numeric value instead of rounding it', () => {
  expect(() => satsText('1.5')).toThrow(/expected an integer amount/);
  expect(() => satsText('1e3')).toThrow(/expected an integer amount/);
});

test('counts, heights and times', () => {
  expect(countOf('42')).toBe(42);
  expect(countOf(undefined)).toBe(0);
  expect(() => countOf('9007199254740993')).toThrow(/expected a count/);
  expect(intOrNull(null)).toBeNull();
  expect(intOrNull(104)).toBe(104);
  expect(isoOrNull(new Date('2026-11-29T15:01:00Z'))).toBe('2026-11-29T15:01:00.000Z');
  expect(isoOrNull('2026-11-29 15:01:00+00')).toBe('2026-11-29T15:01:00.000Z');
  expect(isoOrNull(null)).toBeNull();
});
