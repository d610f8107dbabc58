import { RpcInWarmupError, RpcTransportError, rpcErrorFromCode } from './errors';
import { backoffDelayMs, withRetry } from './retry';

const policy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 };

describe('withRetry', () => {
  it('retries transport failures and -28 for retry-safe calls, then succeeds', async () => {
    const errs = [new RpcTransportError('down', 'm', 'ECONNREFUSED'), new RpcInWarmupError(-28, 'Loading…', 'm')];
    let calls = 0;
    const out = await withRetry(
      () => {
        const e = errs[calls++];
        return e ? Promise.reject(e) : Promise.resolve('ok');
      },
      { policy, retrySafe: true },
    );
    expect([out, calls]).toEqual(['ok', 3]);
  });

  it('never retries a non-retry-safe call', async () => {
    let calls = 0;
    await expect(
      withRetry(() => {
        calls++;
        return Promise.reject(new RpcTransportError('reset', 'sendmany', 'ECONNRESET'));
      }, { policy, retrySafe: false }),
    ).rejects.toThrow(RpcTransportError);
    expect(calls).toBe(1);
  });

  it('does not retry permanent node errors and stops after the attempts', async () => {
    let calls = 0;
    await expect(withRetry(() => (calls++, Promise.reject(rpcErrorFromCode(-8, 'x', 'm'))), { policy, retrySafe: true })).rejects.toThrow('x');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(() => (calls++, Promise.reject(new RpcTransportError('d', 'm', undefined))), { policy, retrySafe: true })).rejects.toThrow('d');
    expect(calls).toBe(4);
  });

  it('backs off exponentially with jitter, capped', () => {
    const p = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };
    expect([1, 2, 3, 6].map((n) => backoffDelayMs(p, n, () => 1))).toEqual([200, 400, 800, 5000]);
    expect(backoffDelayMs(p, 1, () => 0)).toBe(100);
  });
});
