import { z } from 'zod';
import { ConfigError } from '@ppm/runtime';
import { ENV_CONTRACT, crossFieldProblems, type ConfigOf } from './env';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Also check every other variable of the contract that is set (a process's start: every value validated). */
  allSet?: boolean;
}

/** Problems of the variables of `shape` in `set` (one line each, with the variable's name). */
function shapeProblems(shape: z.ZodRawShape, set: Record<string, string | undefined>) {
  const result = z.object(shape).safeParse(set);
  return { result, problems: result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`) };
}

/**
 * Parses the fragments `shape` from `env` once. Throws a ConfigError that lists every problem, one per line,
 * with the variable's name. Nothing else in the code base reads `process.env`.
 */
export function loadConfig<S extends z.ZodRawShape>(shape: S, env: Record<string, string | undefined> = process.env, opts: LoadConfigOptions = {}): ConfigOf<S> {
  // Empty values are dropped first: zod applies `.default()`/`.optional()` before the env helpers' preprocess
  // turns '' into undefined, so `FOO=` would otherwise fail instead of falling back to its default.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const { result, problems } = shapeProblems(shape, set);
  let keys = Object.keys(shape);
  if (opts.allSet) {
    const others = Object.fromEntries(Object.entries(ENV_CONTRACT).filter(([k]) => !(k in shape) && set[k] !== undefined));
    problems.push(...shapeProblems(others, set).problems);
    keys = [...keys, ...Object.keys(others)];
  }
  problems.push(...crossFieldProblems(keys, env));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data as ConfigOf<S>;
}

/** Throws a ConfigError listing every problem of the contract's variables that are set (none required). */
export function checkSetEnv(env: Record<string, string | undefined> = process.env): void {
  loadConfig({}, env, { allSet: true });
}
