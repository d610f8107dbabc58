import { createKeyedMemo } from './memo';

test('concurrent readers of a key share one computation; a new key computes again', async () => {
  const memo = createKeyedMemo<number>(60_000);
  let computed = 0;
  const compute = () => new Promise<number>((resolve) => setTimeout(() => resolve(++computed), 5));
  const values = await Promise.all(Array.from({ length: 50 }, () => memo.get('k1', compute)));
  expect(new Set(values)).toEqual(new Set([1]));
  expect(await memo.get('k1', compute)).toBe(1);
  expect(await memo.get('k2', compute)).toBe(2);
  expect(computed).toBe(2);
});

test('past max age under the same key the value is served while one refresh runs', async () => {
  let t = 0;
  const memo = createKeyedMemo<number>(1_000, () => t);
  let computed = 0;
  const compute = () => Promise.resolve(++computed);
  expect(await memo.get('k', compute)).toBe(1);
  t = 1_500;
  expect(await memo.get('k', compute)).toBe(1);
  await Promise.resolve();
  expect(await memo.get('k', compute)).toBe(2);
  expect(computed).toBe(2);
});

test('a failed computation reaches its readers and is not kept', async () => {
  const memo = createKeyedMemo<number>(60_000);
  await expect(memo.get('k', () => Promise.reject(new Error('ledger down')))).rejects.toThrow('ledger down');
  expect(await memo.get('k', () => Promise.resolve(7))).toBe(7);
});

test('past max age a value that stillValid confirms is kept (its age reset); one it refuses, or a failed check, is recomputed', async () => {
  let t = 0;
  let valid: boolean | 'fail' = true;
  let checks = 0;
  const memo = createKeyedMemo<number>(1_000, () => t, () => {
    checks++;
    return valid === 'fail' ? Promise.reject(new Error('count failed')) : Promise.resolve(valid);
  });
  let computed = 0;
  const compute = () => Promise.resolve(++computed);
  const settle = () => new Promise((r) => setImmediate(r));
  expect(await memo.get('k', compute)).toBe(1);
  t = 1_500;
  expect(await memo.get('k', compute)).toBe(1);
  await settle();
  // Confirmed: no recomputation, and not checked again before another max age has passed.
  expect(await memo.get('k', compute)).toBe(1);
  expect([computed, checks]).toEqual([1, 1]);
  t = 2_000;
  await memo.get('k', compute);
  await settle();
  expect(checks).toBe(1);
  // Refused: recomputed in the background, the new value served from then on.
  valid = false;
  t = 3_000;
  expect(await memo.get('k', compute)).toBe(1);
  await settle();
  expect(await memo.get('k', compute)).toBe(2);
  // A failing check counts as a refusal.
  valid = 'fail';
  t = 5_000;
  await memo.get('k', compute);
  await settle();
  expect(await memo.get('k', compute)).toBe(3);
  expect(checks).toBe(3);
});
