import { judgeStall } from './stall-rules';

const T = { afterMin: 15, maxRetries: 5 };
const block = { height: 5_210, hash: 'ab'.repeat(32), status: 'snapshotted' as const, onMainChain: true, application: 0 };

describe('judgeStall', () => {
  it('is quiet while the block has waited less than the threshold and few retries', () => {
    expect(judgeStall(block, { id: 'apply-x', state: 'delayed', attemptsMade: 5 }, 0, 14 * 60_000 + 59_999, T)).toBeNull();
  });
  it('names the block and what it waits for after PPM_STALL_AFTER_MIN', () => {
    const v = judgeStall(block, { id: 'apply-x', state: 'delayed', attemptsMade: 2, failedReason: 'boom' }, 0, 15 * 60_000, T);
    expect(v).toMatchObject({ height: 5_210, waitsFor: 'accrual to apply it (application 1, status snapshotted)' });
    expect(v!.message).toBe(`stalled: block 5210 ${block.hash} has waited 15 min for accrual to apply it (application 1, status snapshotted); job apply-x delayed after 2 attempts, last error: boom`);
  });
  it('more than N attempts is a stall at once', () => {
    expect(judgeStall(block, { id: 'apply-x', state: 'failed', attemptsMade: 6 }, 0, 1_000, T)?.message).toContain('after 6 attempts');
  });
  it('says when a block waits for the snapshotter or for its reversal', () => {
    expect(judgeStall({ ...block, status: 'seen' }, undefined, 0, 16 * 60_000, T)?.message).toContain('for the snapshotter (status seen); no job queued for it');
    expect(judgeStall({ ...block, status: 'applied', onMainChain: false, application: 2 }, undefined, 0, 16 * 60_000, T)?.waitsFor)
      .toBe('the reversal of its application 2 (it left the main chain)');
  });
});
