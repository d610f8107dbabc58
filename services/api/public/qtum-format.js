// Satoshi strings to QTUM text with string arithmetic only: amounts never pass through a float.

const SATS_TEXT = /^-?\d+$/;

/** "40000000" -> "0.40"; "500000000000" -> "5,000.00"; at least `minDecimals`, at most 8, trailing zeros trimmed. */
export function formatQtum(sats, minDecimals = 2) {
  const text = String(sats);
  if (!SATS_TEXT.test(text)) return '—';
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(9, '0');
  const whole = digits.slice(0, -8).replace(/^0+(?=\d)/, '');
  let frac = digits.slice(-8).replace(/0+$/, '');
  if (frac.length < minDecimals) frac = frac.padEnd(minDecimals, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative && /[1-9]/.test(digits) ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** formatQtum plus the unit. */
export function qtum(sats) {
  return `${formatQtum(sats)} QTUM`;
}

/** A long hex id shortened for tables: first 10 and last 6 characters. */
export function shortHex(hex) {
  return hex && hex.length > 20 ? `${hex.slice(0, 10)}…${hex.slice(-6)}` : (hex ?? '');
}

/** ISO time -> "2026-11-29 15:01" (UTC). */
export function utcMinute(iso) {
  return iso ? iso.replace('T', ' ').slice(0, 16) : '—';
}
