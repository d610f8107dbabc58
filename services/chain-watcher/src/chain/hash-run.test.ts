import { consistentDescendingRead } from './hash-run';

describe('consistentDescendingRead', () => {
  it('accepts a read whose top did not change, and returns it ascending', () => {
    expect(consistentDescendingRead(['c', 'b', 'a'], 'c')).toEqual(['a', 'b', 'c']);
  });
  it('rejects a read whose top changed (branch switch during the batch) or that has holes', () => {
    expect(consistentDescendingRead(['c', 'b', 'a'], 'x')).toBeNull();
    expect(consistentDescendingRead(['c', null, 'a'], 'c')).toBeNull();
    expect(consistentDescendingRead(['c'], null)).toBeNull();
    expect(consistentDescendingRead([], 'c')).toBeNull();
  });
});
