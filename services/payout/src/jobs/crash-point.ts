/**
 * Test seam for crash injection: the executor calls `crashAt(point)` at each state transition, and a test's hook
 * throws {@link InjectedCrash} there, which unwinds exactly like a process dying at that line (nothing after it
 * runs, nothing catches it). Recovery must then finish the work without a second transaction.
 */
export type CrashPoint =
  /** Reserve transaction committed; nothing signed yet. */
  | 'after-reserve'
  /** The signer signed and journalled; its reply has not been stored. */
  | 'after-sign'
  /** txid + raw tx stored (state signed); not broadcast yet. */
  | 'after-record-signed'
  /** The node accepted the tx; state still `signed`. */
  | 'after-broadcast'
  /** State `broadcast` stored. */
  | 'after-record-broadcast';

/** Every crash point, in execution order. */
export const CRASH_POINTS: readonly CrashPoint[] = ['after-reserve', 'after-sign', 'after-record-signed', 'after-broadcast', 'after-record-broadcast'];

/** The error a crash hook throws. Never caught by the executor. */
export class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
  constructor(readonly point: CrashPoint) {
    super(`injected crash at ${point}`);
  }
}

/** The hook's type (`deps.crashAt`). */
export type CrashHook = (point: CrashPoint) => void;

/** Rethrows an injected crash; true for any other error (so callers may classify it). */
export function rethrowCrash(err: unknown): void {
  if (err instanceof InjectedCrash) throw err;
}
