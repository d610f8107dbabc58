import { createRateLimiter } from './rate-limit';

test('a client gets its burst at once, then the sustained rate; others are not affected', () => {
  let t = 1_000_000;
  const limiter = createRateLimiter(2, 3, () => t);
  expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
  expect(limiter.take('a')).toBe(1);
  expect(limiter.take('b')).toBe(0);
  t += 500; // one token back at 2 per second
  expect(limiter.take('a')).toBe(0);
  expect(limiter.take('a')).toBe(1);
  t += 10_000; // refills up to the burst, not beyond
  expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0, 1]);
});

test('Retry-After is the whole seconds until the next token at a slow rate', () => {
  const t = 0;
  const limiter = createRateLimiter(0.1, 1, () => t);
  expect(limiter.take('a')).toBe(0);
  expect(limiter.take('a')).toBe(10);
});

test('idle clients are dropped once there are many, so memory stays bounded', () => {
  let t = 0;
  const limiter = createRateLimiter(100, 1, () => t);
  for (let i = 0; i < 10_000; i++) limiter.take(`c${i}`);
  expect(limiter.size).toBe(10_000);
  t += 1_000;
  limiter.take('new');
  expect(limiter.size).toBe(1);
});
