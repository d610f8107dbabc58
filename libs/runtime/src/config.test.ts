import { z } from 'zod';
import { ConfigError, envBool, envInt, envSats, envString, parseConfig } from './config';

/** The problems of a failing parse (fails the test when the parse succeeds). */
function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('env helpers', () => {
  const schema = z.object({
    NAME: envString(),
    COUNT: envInt({ min: 1, max: 10 }).default(3),
    SATS: envSats().default(5n),
    FLAG: envBool().default(false),
  });

  it('parses valid values', () => {
    expect(parseConfig(schema, { NAME: 'pool', COUNT: '7', SATS: '18446744073709551617', FLAG: 'YES' }))
      .toEqual({ NAME: 'pool', COUNT: 7, SATS: 18446744073709551617n, FLAG: true });
  });

  it('applies defaults for unset and empty values', () => {
    expect(parseConfig(schema, { NAME: 'pool' })).toEqual({ NAME: 'pool', COUNT: 3, SATS: 5n, FLAG: false });
    expect(parseConfig(schema, { NAME: 'pool', COUNT: '', SATS: '', FLAG: '' })).toEqual({ NAME: 'pool', COUNT: 3, SATS: 5n, FLAG: false });
  });

  it('reads the boolean spellings', () => {
    for (const [v, want] of [['1', true], ['true', true], ['on', true], ['0', false], ['FALSE', false], ['no', false], ['off', false]] as const) {
      expect(parseConfig(schema, { NAME: 'x', FLAG: v }).FLAG).toBe(want);
    }
  });

  it('names each bad variable with its message, all at once', () => {
    const problems = problemsOf(() => parseConfig(schema, { COUNT: '11', SATS: '-5', FLAG: 'maybe' }));
    expect(problems).toEqual([
      'NAME: required (not set)',
      'COUNT: must be <= 10',
      'SATS: must be a whole number of satoshis (digits only)',
      'FLAG: must be true or false',
    ]);
  });

  it('gives the envInt messages', () => {
    expect(problemsOf(() => parseConfig(schema, { NAME: 'x', COUNT: '0' }))).toEqual(['COUNT: must be >= 1']);
    expect(problemsOf(() => parseConfig(schema, { NAME: 'x', COUNT: '2.5' }))).toEqual(['COUNT: must be a whole number']);
    expect(problemsOf(() => parseConfig(schema, { NAME: 'x', COUNT: 'abc' }))).toEqual(['COUNT: must be a whole number']);
  });

  it('refuses decimal satoshis', () => {
    expect(problemsOf(() => parseConfig(schema, { NAME: 'x', SATS: '1.5' })))
      .toEqual(['SATS: must be a whole number of satoshis (digits only)']);
  });
});

describe('ConfigError', () => {
  it('lists every problem on its own line', () => {
    const err = new ConfigError(['A: bad', 'B: worse']);
    expect(err.message).toBe('invalid configuration (2 problems):\n  - A: bad\n  - B: worse');
    expect(new ConfigError(['A: bad']).message).toBe('invalid configuration (1 problem):\n  - A: bad');
    expect(err.name).toBe('ConfigError');
  });
});
