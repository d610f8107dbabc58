import { forkSearchPageSize, highestCommonBlock } from './fork-point';

const row = (height: number, hash: string) => ({ height, hash });

describe('highestCommonBlock', () => {
  const stored = [row(10, 'j'), row(9, 'i'), row(8, 'h'), row(7, 'g')];
  it('finds the highest height where stored and node agree', () => {
    expect(highestCommonBlock(stored, ['J', 'I', 'h', 'g'])).toEqual(row(8, 'h'));
  });
  it('treats heights above the node tip (null) as different', () => {
    expect(highestCommonBlock(stored, [null, null, 'h', 'g'])).toEqual(row(8, 'h'));
  });
  it('returns undefined when the fork is below every given row', () => {
    expect(highestCommonBlock(stored, ['x', 'x', 'x', 'x'])).toBeUndefined();
  });
  it('returns the cursor itself when nothing changed', () => {
    expect(highestCommonBlock(stored, ['j', 'i', 'h', 'g'])).toEqual(row(10, 'j'));
  });
  it('refuses rows out of order or mismatched lengths', () => {
    expect(() => highestCommonBlock([row(1, 'a'), row(2, 'b')], ['a', 'b'])).toThrow(RangeError);
    expect(() => highestCommonBlock(stored, ['j'])).toThrow(RangeError);
  });
});

describe('forkSearchPageSize', () => {
  it('doubles from 16 up to a cap', () => {
    expect([0, 1, 2, 20].map(forkSearchPageSize)).toEqual([16, 32, 64, 4096]);
  });
});
