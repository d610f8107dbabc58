import { z } from 'zod';
import { ConfigError } from '@ppm/runtime';
import { crossFieldProblems, type ConfigOf } from './env';

/**
 * Parses the fragments `shape` from `env` once. Throws a ConfigError that lists every problem, one per line,
 * with the variable's name. Nothing else in the code base reads `process.env`.
 */
export function loadConfig<S extends z.ZodRawShape>(shape: S, env: Record<string, string | undefined> = process.env): ConfigOf<S> {
  // Empty values are dropped first: zod applies `.default()`/`.optional()` before the env helpers' preprocess
  // turns '' into undefined, so `FOO=` would otherwise fail instead of falling back to its default.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const result = z.object(shape).safeParse(set);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
  problems.push(...crossFieldProblems(Object.keys(shape), env));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data as ConfigOf<S>;
}
