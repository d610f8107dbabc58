import { ConfigError } from '@ppm/runtime';
import { parseRecipients } from './recipients-file';
import { simpleRecipients } from './recipient';

describe('recipients file', () => {
  it('parses the documented format with defaults', () => {
    const r = parseRecipients(JSON.stringify([
      { address: 'ops@example.com', severities: ['critical', 'warning', 'info'], timeZone: 'America/New_York',
        quietHours: { start: '22:00', end: '07:00' }, criticalBypassesQuiet: true, maxPerHour: 20 },
      { address: 'pager@example.com', severities: ['critical'] },
    ]));
    expect(r).toHaveLength(2);
    expect(r[1]).toMatchObject({ timeZone: 'UTC', criticalBypassesQuiet: true, maxPerHour: undefined, blockMails: 'hourly' });
  });

  it('lists every problem at once', () => {
    let err: unknown;
    try {
      parseRecipients(JSON.stringify([
        { address: 'not-an-address', timeZone: 'Mars/Olympus', quietHours: { start: '25:00', end: '7' }, maxPerHour: 0, extra: 1 },
        { address: 'a@b.co', severities: ['loud'], blockMails: 'sometimes' },
      ]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const needle of ['[0.address]', '[0.timeZone]', '[0.quietHours.start]', '[0.quietHours.end]', '[0.maxPerHour]', '[0]', '[1.severities.0]', '[1.blockMails]']) {
      expect(problems).toContain(needle);
    }
  });

  it('rejects invalid JSON with a clear message', () => {
    expect(() => parseRecipients('[{')).toThrow(/not valid JSON/);
  });

  it('reads PPM_MAIL_TO as every severity, no quiet hours', () => {
    expect(simpleRecipients(' a@x.io, b@y.io ,')).toEqual([
      expect.objectContaining({ address: 'a@x.io', severities: ['info', 'warning', 'critical'] }),
      expect.objectContaining({ address: 'b@y.io' }),
    ]);
  });
});
