import { PermanentError } from '@ppm/runtime';
import { backoffMs, classifySendError } from './smtp-errors';

describe('SMTP error classification', () => {
  it('retries a refused login (the operator fixes the password; the mails then go)', () => {
    const f = classifySendError(Object.assign(new Error('Invalid login: 535 Authentication credentials invalid'), {
      code: 'EAUTH', responseCode: 535, response: '535 Authentication credentials invalid',
    }));
    expect(f).toMatchObject({ state: 'retry', code: 'EAUTH', response: '535 Authentication credentials invalid' });
    expect(f.error).toContain('535');
  });

  it('retries a server that is down', () => {
    expect(classifySendError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' })).state).toBe('retry');
  });

  it('gives up on a recipient the server refuses, or an unrenderable message', () => {
    expect(classifySendError(Object.assign(new Error('Recipient rejected'), { code: 'EENVELOPE', responseCode: 550 })).state).toBe('failed');
    expect(classifySendError(Object.assign(new Error('Try later'), { code: 'EENVELOPE', responseCode: 451 })).state).toBe('retry');
    expect(classifySendError(new PermanentError('cannot render')).state).toBe('failed');
  });

  it('backs off exponentially up to the cap', () => {
    const none = () => 0;
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 1_000, 5_000, none))).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(backoffMs(100, 1_000, 5_000, () => 1)).toBe(5_500);
  });
});
