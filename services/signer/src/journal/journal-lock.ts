import { randomBytes } from 'node:crypto';
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import os from 'node:os';
import type { Logger } from '@ppm/runtime';

/** Another signer holds the journal: this one must not start. */
export class JournalLockedError extends Error {
  override readonly name = 'JournalLockedError';
}

/** A held lock. */
export interface JournalLock {
  release(): Promise<void>;
}

/** The holder refreshes the lock file's mtime this often... */
export const LOCK_HEARTBEAT_MS = 5_000;
/** ...and a lock of another host not refreshed for this long is stale (its holder died without releasing). */
export const LOCK_STALE_MS = 30_000;

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly token: string;
}

/** Lock files held by this process (a second signer composed in the same process shares our pid). */
const HELD = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<{ holder: Holder | undefined; mtimeMs: number } | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    let holder: Holder | undefined;
    try {
      holder = JSON.parse(text) as Holder;
    } catch {
      holder = undefined;
    }
    return { holder, mtimeMs: st.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Why the existing lock may be taken over, or undefined when its holder may still be signing. */
function staleReason(file: string, h: Holder | undefined, mtimeMs: number, nowMs: number): string | undefined {
  if (h && h.host === os.hostname()) {
    // Same host: the process table is the truth. Our own pid, not held here, is a previous incarnation (a restarted
    // container gets the same pid).
    if (h.pid === process.pid) return HELD.has(file) ? undefined : 'left by an earlier run with this pid';
    return alive(h.pid) ? undefined : `its process ${h.pid} is gone`;
  }
  return nowMs - mtimeMs > LOCK_STALE_MS ? `not refreshed for ${Math.round((nowMs - mtimeMs) / 1000)} s` : undefined;
}

/**
 * One signer per journal, so one per wallet: two signers unlocking the same wallet would overlap their spending
 * unlocks and each trust a journal the other does not write. Takes `${journal}.lock` (created exclusively, with
 * pid, host and start time), refreshes it every {@link LOCK_HEARTBEAT_MS}, and removes it on release. A lock left
 * by a signer that died is taken over: on the same host when its process is gone, across hosts (a shared volume)
 * when it was not refreshed for {@link LOCK_STALE_MS}. Otherwise start-up fails with {@link JournalLockedError}.
 */
export async function acquireJournalLock(journalFile: string, log: Logger, nowMs: () => number = Date.now): Promise<JournalLock> {
  const file = `${journalFile}.lock`;
  const me: Holder = { pid: process.pid, host: os.hostname(), since: new Date(nowMs()).toISOString(), token: randomBytes(8).toString('hex') };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o600);
      try {
        await fh.writeFile(JSON.stringify(me));
        await fh.sync();
      } finally {
        await fh.close();
      }
      const timer = setInterval(() => {
        const t = new Date(nowMs());
        utimes(file, t, t).catch((err: unknown) => log.error({ file, cause: err instanceof Error ? err.message : String(err) }, 'could not refresh the journal lock'));
      }, LOCK_HEARTBEAT_MS);
      timer.unref();
      HELD.add(file);
      return {
        async release() {
          clearInterval(timer);
          HELD.delete(file);
          const now = await readHolder(file);
          // Only our own lock: never remove one a successor took over.
          if (now?.holder?.token === me.token) await unlink(file).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const existing = await readHolder(file);
    if (!existing) continue;
    const reason = staleReason(file, existing.holder, existing.mtimeMs, nowMs());
    if (!reason) {
      const h = existing.holder;
      throw new JournalLockedError(
        `another signer holds the journal ${journalFile} (${h ? `pid ${h.pid} on ${h.host}, since ${h.since}` : 'unreadable lock file'}): ` +
        'only one signer may sign for a wallet. Stop the other one (`ppm run` runs a signer unless PPM_SIGNER_URL is set; ' +
        'point `ppm payout run` at the running signer with PPM_SIGNER_URL), or, if it is certainly gone, remove ' + `${file}`);
    }
    log.warn({ file, holder: existing.holder, reason }, 'taking over a stale journal lock');
    await unlink(file).catch(() => undefined);
  }
  throw new JournalLockedError(`could not take the journal lock ${file}: other signers keep taking it`);
}
