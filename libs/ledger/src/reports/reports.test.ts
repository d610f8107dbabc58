import { csvCell, toCsv } from './csv';
import { parseReportRange, ReportRangeError } from './report-range';

describe('report ranges', () => {
  it('turns inclusive UTC days into [start, end)', () => {
    expect(parseReportRange('2026-11-28', '2026-11-30')).toEqual({
      from: '2026-11-28', to: '2026-11-30', startIso: '2026-11-28T00:00:00.000Z', endIso: '2026-12-01T00:00:00.000Z',
    });
    expect(parseReportRange('2024-02-29', '2024-02-29').endIso).toBe('2024-03-01T00:00:00.000Z');
  });

  it.each([
    ['2026-02-30', '2026-03-01', /from must be a date/],
    ['2026-11-28', 'tomorrow', /to must be a date/],
    ['2026-11-30', '2026-11-28', /before from/],
    ['2000-01-01', '2026-01-01', /at most 3700 days/],
  ])('refuses %s..%s', (from, to, message) => {
    expect(() => parseReportRange(from, to)).toThrow(ReportRangeError);
    expect(() => parseReportRange(from, to)).toThrow(message);
  });
});

describe('CSV', () => {
  it('quotes only cells that need it', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x'], [null, 'y\nz']])).toBe('a,b\n1,x\n,"y\nz"\n');
  });
});
