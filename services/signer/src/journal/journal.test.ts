import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger, silentLogger } from '@ppm/runtime';
import { Writable } from 'node:stream';
import { JournalCorruptError, openJournal } from './journal';
import type { JournalRecord } from './journal-record';

/** A one-input legacy tx paying `sats` to P2PKH(`hash160`). */
function rawTx(hash160: string, sats: bigint): string {
  const value = Buffer.alloc(8);
  value.writeBigUInt64LE(sats);
  return `02000000 01 ${'00'.repeat(36)} 00 ffffffff 01 ${value.toString('hex')} 19 76a914${hash160}88ac 00000000`.replace(/ /g, '');
}

function record(batchId: string, totalSats: string, signedAtMs: number): JournalRecord {
  return {
    v: 1, batchId, planHash: 'ab'.repeat(32), outputsDigest: 'cd'.repeat(32), totalSats, txid: 'ef'.repeat(32), rawTxHex: rawTx('11'.repeat(20), BigInt(totalSats)),
    feeSats: '103600', changeSats: '0', signedAtMs, signedAt: new Date(signedAtMs).toISOString(),
  };
}

describe('journal', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'signer-journal-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('survives a reopen and sums the rolling window', async () => {
    const file = path.join(dir, 'sub', 'j.jsonl');
    const j = await openJournal(file, silentLogger());
    await j.append(record('b-0', '100', 1_000));
    await j.append(record('b-1', '250', 5_000));
    await j.close();
    const again = await openJournal(file, silentLogger());
    expect(again.get('b-1')?.totalSats).toBe('250');
    expect(again.totalSince(2_000)).toBe(250n);
    expect(again.totalSince(0)).toBe(350n);
    // Per recipient, read from the signed txs themselves.
    expect(again.paidByRecipient().get('11'.repeat(20))).toBe(350n);
    await again.append(record('b-2', '5', 6_000));
    expect(again.paidByRecipient().get('11'.repeat(20))).toBe(355n);
    await again.close();
  });

  it('ignores and cuts a torn last line, logging it, then appends cleanly', async () => {
    const file = path.join(dir, 'j.jsonl');
    await writeFile(file, `${JSON.stringify(record('b-0', '100', 1))}\n{"v":1,"batchId":"b-1","plan`);
    const lines: string[] = [];
    const log = createLogger({ name: 't', destination: new Writable({ write(c: Buffer, _e, cb) { lines.push(c.toString()); cb(); } }) });
    const j = await openJournal(file, log);
    expect(j.get('b-0')).toBeDefined();
    expect(j.get('b-1')).toBeUndefined();
    expect(lines.join('')).toMatch(/torn line/);
    await j.append(record('b-2', '5', 2));
    await j.close();
    const text = await readFile(file, 'utf8');
    expect(text.trim().split('\n').map((l) => (JSON.parse(l) as JournalRecord).batchId)).toEqual(['b-0', 'b-2']);
  });

  it('refuses to start on a bad line that is not the last', async () => {
    const file = path.join(dir, 'j.jsonl');
    await writeFile(file, 'garbage\n');
    await appendFile(file, `${JSON.stringify(record('b-0', '100', 1))}\n`);
    await expect(openJournal(file, silentLogger())).rejects.toBeInstanceOf(JournalCorruptError);
  });
});
