import { isRetryable, PermanentError, RetryableError } from '@ppm/runtime';
import {
  isRpcError,
  RpcAuthError,
  RpcError,
  rpcErrorFromCode,
  RpcInWarmupError,
  RpcMalformedReplyError,
  RpcTimeoutError,
  RpcTransportError,
  RpcVerifyRejectedError,
  type RpcWalletUnlockNeededError,
  RpcWalletNotFoundError,
} from './index';

describe('RPC error classes', () => {
  it('maps codes to classes and keeps code, message and method', () => {
    const e = rpcErrorFromCode(-26, 'txn-mempool-conflict', 'sendrawtransaction');
    expect(e).toBeInstanceOf(RpcVerifyRejectedError);
    expect(e).toMatchObject({ code: -26, message: 'txn-mempool-conflict', method: 'sendrawtransaction' });
    expect(rpcErrorFromCode(-18, 'x', 'm')).toBeInstanceOf(RpcWalletNotFoundError);
    const unknown = rpcErrorFromCode(-4, 'Insufficient funds', 'fundrawtransaction');
    expect(unknown.constructor).toBe(RpcError);
    expect(unknown.code).toBe(-4);
  });

  it('classifies -28 as retryable and other node errors as permanent, all instanceof RpcError', () => {
    const warm = rpcErrorFromCode(-28, 'Loading wallet…', 'getblockcount');
    expect(warm).toBeInstanceOf(RpcInWarmupError);
    expect(warm).toBeInstanceOf(RetryableError);
    expect(warm).not.toBeInstanceOf(PermanentError);
    expect(warm).toBeInstanceOf(RpcError);
    expect(isRpcError(warm)).toBe(true);
    expect(isRetryable(warm)).toBe(true);

    const perm = rpcErrorFromCode(-5, 'Block not found', 'getblock');
    expect(perm).toBeInstanceOf(PermanentError);
    expect(isRetryable(perm)).toBe(false);
    // Subclass checks stay exact: a -5 is not a -26.
    expect(perm).not.toBeInstanceOf(RpcVerifyRejectedError);
    expect(warm).not.toBeInstanceOf(RpcVerifyRejectedError);
    expect(new Error('x')).not.toBeInstanceOf(RpcError);
    expect(new RpcTimeoutError('m', 1)).not.toBeInstanceOf(RpcError);
  });

  it('reads stakingOnly from the -13 message', () => {
    const s = rpcErrorFromCode(-13, 'Error: Wallet is unlocked for staking only.', 'sendmany') as RpcWalletUnlockNeededError;
    const l = rpcErrorFromCode(-13, 'Error: Please enter the wallet passphrase with walletpassphrase first.', 'sendmany') as RpcWalletUnlockNeededError;
    expect([s.stakingOnly, l.stakingOnly]).toEqual([true, false]);
  });

  it('transport and timeout are retryable; auth and malformed are permanent', () => {
    expect(new RpcTimeoutError('getblock', 100)).toBeInstanceOf(RpcTransportError);
    expect(isRetryable(new RpcTransportError('x', 'm', 'ECONNREFUSED'))).toBe(true);
    expect(isRetryable(new RpcTimeoutError('m', 5))).toBe(true);
    expect(new RpcAuthError('getblockcount')).toBeInstanceOf(PermanentError);
    expect(new RpcAuthError('getblockcount').message).toMatch(/check the user and password in QTUM_RPC_URL/);
    expect(new RpcMalformedReplyError('getblock', 'result.tx', 'bad')).toBeInstanceOf(PermanentError);
  });
});
