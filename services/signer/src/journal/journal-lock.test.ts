import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '@ppm/runtime';
import { JournalLockedError, LOCK_STALE_MS, acquireJournalLock } from './journal-lock';

describe('journal lock: one signer per journal', () => {
  let dir: string;
  let journal: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'signer-lock-'));
    journal = path.join(dir, 'j.jsonl');
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('refuses a second holder with a clear message, and frees the lock on release', async () => {
    const first = await acquireJournalLock(journal, silentLogger());
    const err = await acquireJournalLock(journal, silentLogger()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalLockedError);
    expect((err as Error).message).toMatch(new RegExp(`another signer holds the journal .*pid ${process.pid} on ${os.hostname()}.*only one signer may sign for a wallet`));
    await first.release();
    const again = await acquireJournalLock(journal, silentLogger());
    await again.release();
  });

  it('takes over a lock whose process is gone (same host)', async () => {
    // pid 2^22 + 1 is above Linux's pid_max default range and not running.
    await writeFile(`${journal}.lock`, JSON.stringify({ pid: 4_194_305, host: os.hostname(), since: 'then', token: 'x' }));
    const lock = await acquireJournalLock(journal, silentLogger());
    expect(JSON.parse(await readFile(`${journal}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('on another host: refuses while the lock is fresh, takes it over once it is stale', async () => {
    await writeFile(`${journal}.lock`, JSON.stringify({ pid: 1, host: 'another-host', since: 'then', token: 'x' }));
    await expect(acquireJournalLock(journal, silentLogger())).rejects.toThrow(/pid 1 on another-host/);
    const old = new Date(Date.now() - LOCK_STALE_MS - 1_000);
    await utimes(`${journal}.lock`, old, old);
    const lock = await acquireJournalLock(journal, silentLogger());
    await lock.release();
  });

  it('never removes a lock that a successor took over', async () => {
    const lock = await acquireJournalLock(journal, silentLogger());
    await writeFile(`${journal}.lock`, JSON.stringify({ pid: 1, host: 'another-host', since: 'now', token: 'successor' }));
    await lock.release();
    expect(JSON.parse(await readFile(`${journal}.lock`, 'utf8'))).toMatchObject({ token: 'successor' });
  });
});
