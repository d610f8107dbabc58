/**
 * Money is integer satoshis (`bigint`) everywhere. 1 QTUM = 100,000,000 sat.
 * qtumd writes QTUM amounts as JSON numbers with exactly 8 decimals; we read the number's *text* and never
 * go through a float. To qtumd we send 8-decimal strings formatted from integers.
 */

/** Satoshis per QTUM. */
export const SATS_PER_QTUM = 100_000_000n;

/** Largest amount that can exist (qtumd's MAX_MONEY is 107,822,406 QTUM; we bound at 21e14 sat as a sanity cap). */
export const MAX_MONEY_SATS = 10_782_240_600_000_000n;

/** An amount that could not be parsed or is out of range. The message says what was wrong and with what text. */
export class AmountError extends Error {
  override readonly name = 'AmountError';
}

const QTUM_TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Options for {@link parseQtum}. */
export interface ParseQtumOptions {
  /** Allow a leading minus (wallet `amount`/`fee` fields of sends are negative). Default false. */
  allowNegative?: boolean;
}

/**
 * Parses a QTUM decimal (as qtumd writes it, e.g. `"118.80000000"`) to satoshis, exactly.
 * Accepts at most 8 decimals; rejects exponents, NaN-like text, empty strings and (by default) negatives.
 */
export function parseQtum(text: string, opts: ParseQtumOptions = {}): bigint {
  const m = QTUM_TEXT.exec(text.trim());
  if (!m) throw new AmountError(`not a QTUM amount: ${JSON.stringify(text)} (expected digits with at most 8 decimals)`);
  const [, minus, whole = '0', frac = ''] = m;
  if (frac.length > 8) throw new AmountError(`too many decimals in ${JSON.stringify(text)}: QTUM has at most 8`);
  if (minus && !opts.allowNegative) throw new AmountError(`negative amount not allowed: ${JSON.stringify(text)}`);
  const sats = BigInt(whole) * SATS_PER_QTUM + BigInt(frac.padEnd(8, '0') || '0');
  if (sats > MAX_MONEY_SATS) throw new AmountError(`amount out of range: ${JSON.stringify(text)}`);
  return minus ? -sats : sats;
}

/** Formats satoshis as a QTUM decimal with exactly 8 decimals (`150000000n` -> `"1.50000000"`). */
export function formatQtum(sats: bigint): string {
  const neg = sats < 0n;
  const abs = neg ? -sats : sats;
  const whole = abs / SATS_PER_QTUM;
  const frac = (abs % SATS_PER_QTUM).toString().padStart(8, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** Formats satoshis for humans: QTUM with trailing zeros trimmed to at least 2 decimals (`"1.50"`). */
export function formatQtumShort(sats: bigint): string {
  const s = formatQtum(sats);
  return s.replace(/0{1,6}$/, '');
}

const SATS_TEXT = /^(0|[1-9]\d*)$/;

/**
 * Parses a decimal string of satoshis (our wire and disk format, e.g. `"150000000"`).
 * Rejects signs, decimals, exponents and leading zeros unless `allowNegative`.
 */
export function parseSats(text: string, opts: { allowNegative?: boolean } = {}): bigint {
  const neg = opts.allowNegative && text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  if (!SATS_TEXT.test(body)) throw new AmountError(`not a satoshi amount: ${JSON.stringify(text)} (expected a whole number)`);
  const v = BigInt(body);
  if (v > MAX_MONEY_SATS) throw new AmountError(`amount out of range: ${JSON.stringify(text)}`);
  return neg ? -v : v;
}

/** Formats satoshis as our wire/disk decimal string. */
export function formatSats(sats: bigint): string {
  return sats.toString();
}

/** Sum of a list of amounts. */
export function sumSats(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}
