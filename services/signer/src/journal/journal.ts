import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@ppm/runtime';
import { asJournalRecord, type JournalRecord } from './journal-record';
import { p2pkhHash160, rawTxOutputs } from './raw-tx-outputs';

/** The signer's memory of what it signed: batch id -> signed tx. Append-only, fsynced per record. */
export interface Journal {
  get(batchId: string): JournalRecord | undefined;
  /** Every record, in the order loaded and appended. */
  records(): Iterable<JournalRecord>;
  /**
   * Sum of the batches signed at or after `sinceMs` (epoch ms), for the rolling day cap and (from 0) the bound
   * by the pool's earnings, less the batches of `excluding` (signed txs the chain shows can never be mined).
   */
  totalSince(sinceMs: number, excluding?: ReadonlySet<string>): bigint;
  /**
   * What the signer has ever signed per P2PKH recipient (hash160 -> satoshis), read from the signed txs
   * themselves, less the txs of the batches in `excluding`.
   */
  paidByRecipient(excluding?: ReadonlySet<string>): ReadonlyMap<string, bigint>;
  /** Appends and fsyncs one record; resolves only once it is on disk. */
  append(record: JournalRecord): Promise<void>;
  close(): Promise<void>;
}

/** The journal file cannot be trusted: a line other than the last is not a record. */
export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
}

/**
 * Opens (creating if needed) the JSONL journal at `file` and loads it. A torn last line (a crash mid-append:
 * the record was never acknowledged, because replies wait for the fsync) is logged and cut off, so the next
 * append starts on a clean line. Any other bad line stops the start-up: a signer that forgot a signed batch
 * could sign it a second time.
 */
export async function openJournal(file: string, log: Logger): Promise<Journal> {
  await mkdir(path.dirname(file), { recursive: true });
  const fh: FileHandle = await open(file, 'a+', 0o600);
  let byId: Map<string, JournalRecord>;
  try {
    byId = await load(fh, file, log);
  } catch (err) {
    await fh.close();
    throw err;
  }

  let broken: string | undefined;
  const paid = new Map<string, bigint>();
  const count = (r: JournalRecord, into: Map<string, bigint> = paid, sign: 1n | -1n = 1n) => {
    for (const o of rawTxOutputs(r.rawTxHex)) {
      const h = p2pkhHash160(o.scriptHex);
      if (h) into.set(h, (into.get(h) ?? 0n) + sign * o.valueSats);
    }
  };
  try {
    for (const r of byId.values()) count(r);
  } catch (err) {
    await fh.close();
    throw new JournalCorruptError(`signer journal ${file}: a signed tx cannot be read (${err instanceof Error ? err.message : String(err)}); refusing to start`);
  }
  return {
    get: (batchId) => byId.get(batchId),
    records: () => byId.values(),
    // Includes the change to S; callers look up recipients only, and S is never one.
    paidByRecipient(excluding) {
      if (!excluding || excluding.size === 0) return paid;
      const less = new Map(paid);
      for (const id of excluding) {
        const r = byId.get(id);
        if (r) count(r, less, -1n);
      }
      return less;
    },
    totalSince(sinceMs, excluding) {
      let total = 0n;
      for (const r of byId.values()) if (r.signedAtMs >= sinceMs && !excluding?.has(r.batchId)) total += BigInt(r.totalSats);
      return total;
    },
    async append(record) {
      // After a failed write the file may end with a partial line; appending behind it would bury that line in
      // the middle of the file. Refuse until a restart, which cuts the torn tail.
      if (broken) throw new Error(`journal write failed earlier (${broken}); restart the signer`);
      try {
        // One write call per line: with O_APPEND the line lands whole or (on a crash) torn at the end only.
        await fh.write(`${JSON.stringify(record)}\n`);
        await fh.sync();
      } catch (err) {
        broken = err instanceof Error ? err.message : String(err);
        throw err;
      }
      byId.set(record.batchId, record);
      count(record);
    },
    close: () => fh.close(),
  };
}

async function load(fh: FileHandle, file: string, log: Logger): Promise<Map<string, JournalRecord>> {
  const text = (await fh.readFile()).toString('utf8');
  const byId = new Map<string, JournalRecord>();
  const lines = text.split('\n');
  // After the last '\n' there is either nothing (a clean file) or a torn tail.
  const tail = lines.pop() ?? '';
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let record: JournalRecord | undefined;
    try {
      record = asJournalRecord(JSON.parse(line));
    } catch {
      record = undefined;
    }
    if (!record) throw new JournalCorruptError(`signer journal ${file}: line ${i + 1} is not a journal record; refusing to start`);
    if (byId.has(record.batchId)) {
      log.error({ batchId: record.batchId, line: i + 1 }, 'journal holds a batch id twice; keeping the first signed tx');
      return;
    }
    byId.set(record.batchId, record);
  });
  if (tail !== '') {
    log.warn({ file, tornBytes: Buffer.byteLength(tail) }, 'journal ends with a torn line (crash mid-append); ignoring it');
    await fh.truncate(Buffer.byteLength(text) - Buffer.byteLength(tail));
    await fh.sync();
  }
  log.info({ file, batches: byId.size }, 'journal loaded');
  return byId;
}
