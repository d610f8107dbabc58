import { planRange } from './range-plan';

const base = { confirmations: 5, startHeight: undefined, maxBlocks: 100 };

describe('planRange (rule 1: H is emitted once tip >= H + C)', () => {
  it('starts at the confirmed tip on an empty ledger without PPM_START_HEIGHT', () => {
    expect(planRange({ ...base, next: null, tipHeight: 105 })).toEqual({ from: 100, to: 100 });
  });
  it('starts at PPM_START_HEIGHT on an empty ledger', () => {
    expect(planRange({ ...base, next: null, tipHeight: 105, startHeight: 40 })).toEqual({ from: 40, to: 100 });
  });
  it('continues after the cursor and waits at the confirmation boundary', () => {
    expect(planRange({ ...base, next: 100, tipHeight: 105 })).toEqual({ from: 100, to: 100 });
    expect(planRange({ ...base, next: 101, tipHeight: 105 })).toBeNull();
    expect(planRange({ ...base, next: 101, tipHeight: 106 })).toEqual({ from: 101, to: 101 });
  });
  it('caps a catch-up step at maxBlocks', () => {
    expect(planRange({ ...base, next: 0, tipHeight: 10_000 })).toEqual({ from: 0, to: 99 });
  });
  it('emits nothing while the chain is shorter than C', () => {
    expect(planRange({ ...base, next: null, tipHeight: 3 })).toBeNull();
  });
  it('ignores PPM_START_HEIGHT once a cursor exists', () => {
    expect(planRange({ ...base, next: 50, tipHeight: 105, startHeight: 90 })).toEqual({ from: 50, to: 100 });
  });
});
