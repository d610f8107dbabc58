import { z } from 'zod';

/** A configuration that failed validation; `problems` lists every one of them, one line each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      problems.map((p) => `  - ${p}`).join('\n'));
  }
}

/**
 * Parses `env` with `schema` once, at start-up. On failure throws a {@link ConfigError} that lists every
 * problem with the variable's name, so an operator fixes them all in one go.
 */
export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(withoutEmptyValues(env));
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`));
}

/**
 * `env` without its empty values. Needed because zod applies `.default()`/`.optional()` before the helpers'
 * preprocess turns '' into undefined, so `FOO=` would otherwise fail instead of falling back to the default.
 */
function withoutEmptyValues(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
}

/** Env values: empty strings count as unset, so `FOO=` falls back to the default. */
export function envString() {
  return z.preprocess((v) => (v === '' ? undefined : v), z.string({ error: (iss) => (iss.input === undefined ? 'required (not set)' : 'must be text') }));
}

/** An integer env variable with optional bounds. */
export function envInt(opts: { min?: number; max?: number } = {}) {
  let n = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number');
  if (opts.min !== undefined) n = n.min(opts.min, `must be >= ${opts.min}`);
  if (opts.max !== undefined) n = n.max(opts.max, `must be <= ${opts.max}`);
  return z.preprocess((v) => (v === '' ? undefined : v), n);
}

/** A satoshi amount env variable: a decimal string of a non-negative integer, parsed to bigint. */
export function envSats() {
  return z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^\d+$/, 'must be a whole number of satoshis (digits only)').transform((s) => BigInt(s)),
  );
}

/** A boolean env variable: true/false/1/0/yes/no. */
export function envBool() {
  return z.preprocess((v) => {
    if (v === '' || v === undefined) return undefined;
    if (typeof v !== 'string') return v;
    const s = v.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return true;
    if (['0', 'false', 'no', 'off'].includes(s)) return false;
    return v;
  }, z.boolean({ error: 'must be true or false' }));
}
