import { InvalidArgumentError } from 'commander';

/** commander parser for a non-negative block height. */
export function heightArg(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a block height (a whole number)');
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('height out of range');
  return n;
}

/** commander parser for a count (a whole number, 0 or more). */
export function countArg(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('out of range');
  return n;
}
