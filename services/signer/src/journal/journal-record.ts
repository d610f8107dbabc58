/** One signed batch as the journal stores it (one JSON line). Amounts are decimal strings of satoshis. */
export interface JournalRecord {
  /** Format version of the line. */
  readonly v: 1;
  readonly batchId: string;
  readonly planHash: string;
  /** sha256 of the canonical JSON of the batch's outputs (see outputs-digest.ts). */
  readonly outputsDigest: string;
  /** Sum of the batch's outputs, for the rolling 24 h cap. */
  readonly totalSats: string;
  readonly txid: string;
  readonly rawTxHex: string;
  readonly feeSats: string;
  readonly changeSats: string;
  /** When it was signed: epoch milliseconds and ISO text (the latter for humans reading the file). */
  readonly signedAtMs: number;
  readonly signedAt: string;
}

const HEX = /^[0-9a-f]+$/;
const SATS = /^(0|[1-9]\d*)$/;

/** Validates one parsed line; returns undefined for anything that is not a complete record. */
export function asJournalRecord(value: unknown): JournalRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const strings = ['batchId', 'planHash', 'outputsDigest', 'txid', 'rawTxHex', 'signedAt'] as const;
  if (r.v !== 1 || strings.some((k) => typeof r[k] !== 'string' || r[k] === '')) return undefined;
  if (!HEX.test(r.txid as string) || !HEX.test(r.rawTxHex as string)) return undefined;
  if ([r.totalSats, r.feeSats, r.changeSats].some((s) => typeof s !== 'string' || !SATS.test(s))) return undefined;
  if (typeof r.signedAtMs !== 'number' || !Number.isSafeInteger(r.signedAtMs)) return undefined;
  return r as unknown as JournalRecord;
}
