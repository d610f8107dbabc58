import { PermanentError, RetryableError, errorMessage, isRetryable } from './errors';

describe('isRetryable', () => {
  it('classifies the error classes themselves', () => {
    expect(isRetryable(new RetryableError('node down'))).toBe(true);
    expect(isRetryable(new PermanentError('bad input'))).toBe(false);
  });

  it('treats unknown errors and non-errors as not retryable', () => {
    expect(isRetryable(new Error('boom'))).toBe(false);
    expect(isRetryable('boom')).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });

  it('follows the cause chain to a RetryableError', () => {
    const root = new RetryableError('timeout');
    const wrapped = new Error('snapshot failed', { cause: new Error('rpc failed', { cause: root }) });
    expect(isRetryable(wrapped)).toBe(true);
  });

  it('stops at the first classified error in the chain', () => {
    expect(isRetryable(new PermanentError('refused', { cause: new RetryableError('timeout') }))).toBe(false);
    expect(isRetryable(new Error('x', { cause: new PermanentError('refused', { cause: new RetryableError('t') }) }))).toBe(false);
    expect(isRetryable(new RetryableError('retry', { cause: new PermanentError('p') }))).toBe(true);
  });

  it('terminates on a cyclic cause chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isRetryable(a)).toBe(false);
  });

  it('keeps the cause and the class name', () => {
    const cause = new Error('root');
    const err = new RetryableError('wrapped', { cause });
    expect(err.cause).toBe(cause);
    expect(err.name).toBe('RetryableError');
    expect(new PermanentError('p').name).toBe('PermanentError');
  });
});

describe('errorMessage', () => {
  it('gives the message of an Error and the text of anything else', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage(42)).toBe('42');
  });
});
