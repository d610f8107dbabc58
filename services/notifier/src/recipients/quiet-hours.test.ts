import { isQuiet, quietEndsAt } from './quiet-hours';

const NY = 'America/New_York';
const quiet = { start: '22:00', end: '07:00' };

describe('quiet hours in local wall-clock time', () => {
  it('wraps midnight', () => {
    expect(isQuiet(new Date('2027-01-10T03:30:00Z'), NY, quiet)).toBe(true); // 22:30 EST
    expect(isQuiet(new Date('2027-01-10T11:59:00Z'), NY, quiet)).toBe(true); // 06:59 EST
    expect(isQuiet(new Date('2027-01-10T12:00:00Z'), NY, quiet)).toBe(false); // 07:00 EST
    expect(isQuiet(new Date('2027-01-10T02:59:00Z'), NY, quiet)).toBe(false); // 21:59 EST
  });

  it('ends at 07:00 EDT (11:00 UTC) on the morning clocks spring forward', () => {
    const night = new Date('2027-03-14T04:00:00Z'); // 23:00 EST, Saturday 13 March
    expect(isQuiet(night, NY, quiet)).toBe(true);
    expect(quietEndsAt(night, NY, quiet).toISOString()).toBe('2027-03-14T11:00:00.000Z');
    expect(isQuiet(new Date('2027-03-14T10:59:00Z'), NY, quiet)).toBe(true);
    expect(isQuiet(new Date('2027-03-14T11:00:00Z'), NY, quiet)).toBe(false);
  });

  it('ends at 07:00 EST (12:00 UTC) on the morning clocks fall back', () => {
    const night = new Date('2026-11-01T03:00:00Z'); // 23:00 EDT, Saturday 31 October
    expect(quietEndsAt(night, NY, quiet).toISOString()).toBe('2026-11-01T12:00:00.000Z');
    expect(isQuiet(new Date('2026-11-01T11:30:00Z'), NY, quiet)).toBe(true);
  });

  it('treats a same-day period and an empty period', () => {
    expect(isQuiet(new Date('2027-01-10T13:00:00Z'), 'UTC', { start: '12:00', end: '14:00' })).toBe(true);
    expect(isQuiet(new Date('2027-01-10T13:00:00Z'), 'UTC', { start: '12:00', end: '12:00' })).toBe(false);
    expect(isQuiet(new Date('2027-01-10T13:00:00Z'), 'UTC', undefined)).toBe(false);
  });
});
