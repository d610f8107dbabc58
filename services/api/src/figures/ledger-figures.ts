import type { Queryable } from '@ppm/ledger';
import { mergeDelegateBalances, type DelegateList } from '../store/delegates.repo';
import {
  composePoolStatus, countEntries, readBlockFacts, readEntryFigures, readSnapshotFigures, type BlockFacts, type EntryFigures, type PoolStatus,
  type SnapshotFigures,
} from '../store/status.repo';
import { blockKey, readLedgerFingerprint, type LedgerFingerprint } from './ledger-fingerprint';
import { createKeyedMemo } from './memo';

/** How long a figure set is served under an unchanged fingerprint before one background refresh. */
export const FIGURES_MAX_AGE_MS = 30_000;

/**
 * The pool's figures, computed once per change of the ledger, not per request. Each request reads the
 * fingerprint (one indexed query, shared by concurrent requests); the whole-ledger aggregation runs only when
 * the entries moved (a credit, a reversal, a payout step), the block facts when a block moved, the weights
 * when the latest applied snapshot changed.
 */
export interface LedgerFigures {
  status(): Promise<PoolStatus>;
  delegates(): Promise<DelegateList>;
}

/** Creates the figures cache over `db` (one per api instance). */
export function createLedgerFigures(db: Queryable, maxAgeMs = FIGURES_MAX_AGE_MS): LedgerFigures {
  const blocks = createKeyedMemo<BlockFacts>(maxAgeMs);
  // The aged sums are kept while the ledger still holds as many entries as they were summed over (append-only):
  // the periodic guard costs a count, not a re-aggregation of the whole ledger.
  const entries = createKeyedMemo<EntryFigures>(maxAgeMs, Date.now, async (v) => (await countEntries(db)) === v.entryCount);
  const snapshots = createKeyedMemo<SnapshotFigures | undefined>(maxAgeMs);
  const merged = createKeyedMemo<DelegateList>(Number.POSITIVE_INFINITY);
  const composed = createKeyedMemo<PoolStatus>(Number.POSITIVE_INFINITY);
  let inFlight: Promise<LedgerFingerprint> | undefined;

  // Requests that arrive while a fingerprint query runs share it; the next request after it reads a new one.
  const fingerprint = (): Promise<LedgerFingerprint> => {
    inFlight ??= readLedgerFingerprint(db).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const entryFigures = (f: LedgerFingerprint) => entries.get(f.entryId, () => readEntryFigures(db));
  const snapshotFigures = (f: LedgerFingerprint) =>
    snapshots.get(f.snapshotHash ?? '', () => (f.snapshotHash ? readSnapshotFigures(db, f.snapshotHash) : Promise.resolve(undefined)));

  return {
    async status() {
      const f = await fingerprint();
      const [b, e, s] = await Promise.all([blocks.get(blockKey(f), () => readBlockFacts(db)), entryFigures(f), snapshotFigures(f)]);
      return composed.get(`${identity(b)}|${identity(e)}|${identity(s)}`, () => Promise.resolve(composePoolStatus(b, e, s)));
    },
    async delegates() {
      const f = await fingerprint();
      const [e, s] = await Promise.all([entryFigures(f), snapshotFigures(f)]);
      // Keyed by the identity of the two figure sets: rebuilt exactly when either was recomputed.
      return merged.get(`${identity(e)}|${identity(s)}`, () => Promise.resolve(mergeDelegateBalances(e, s)));
    },
  };
}

const ids = new WeakMap<object, number>();
let nextId = 0;
/** A stable number per object, so a refreshed figure set (same fingerprint, new object) rebuilds the merge. */
function identity(o: object | undefined): number {
  if (!o) return -1;
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}
