import { InvalidArgumentError } from 'commander';

/** Largest block height: the ledger's heights are SQL `integer` (2^31 - 1). */
export const HEIGHT_MAX = 2_147_483_647;

/** commander parser for a non-negative block height (a usage error, exit 2, otherwise). */
export function heightArg(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a block height (a whole number)');
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n > HEIGHT_MAX) throw new InvalidArgumentError(`height out of range (0..${HEIGHT_MAX})`);
  return n;
}

/** commander parser factory for a whole number in [min, max] (days, limits). */
export function countArg(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

/** commander parser for a plan hash (64 lowercase hex characters, as `ppm payout plan` prints it). */
export function hashArg(value: string): string {
  if (!/^[0-9a-f]{64}$/.test(value)) throw new InvalidArgumentError('must be a plan hash: 64 hex characters, as `ppm payout plan` prints it');
  return value;
}
