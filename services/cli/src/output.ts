/** What the CLI prints: JSON with bigints as decimal strings, and plain lines for humans. */

/** Converts bigints to decimal strings (recursively) so a value can be printed as JSON. */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}

/** Prints `value` as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(toJsonValue(value), null, 2)}\n`);
}

/** Prints a line for humans on stdout. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** An error the CLI reports as one clear line and a non-zero exit code (no stack trace). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
