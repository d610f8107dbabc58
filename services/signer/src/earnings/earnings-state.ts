import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One block staked by S, as the signer counted it (DESIGN rules 2-3). Amounts are decimal satoshi strings on disk. */
export interface StakedBlock {
  readonly height: number;
  readonly hash: string;
  /** Block time (epoch seconds), for the 7-day window of the derived day cap. */
  readonly timeSec: number;
  /** 'pool': staked with a delegate's coins (shared); 'self': S's own coins (pool revenue, never owed to delegates). */
  readonly kind: 'pool' | 'self';
  readonly rewardSats: bigint;
}

/** What the signer has counted so far: every block staked by S in [startHeight, scannedTo]. */
export interface EarningsState {
  readonly staker: string;
  readonly startHeight: number;
  /** Highest height scanned (-1: nothing yet), and its hash, to notice a reorg below it. */
  readonly scannedTo: number;
  readonly scannedToHash: string | null;
  readonly blocks: readonly StakedBlock[];
}

/** An empty state for `staker` from `startHeight`. */
export function emptyEarnings(staker: string, startHeight: number): EarningsState {
  return { staker, startHeight, scannedTo: startHeight - 1, scannedToHash: null, blocks: [] };
}

const SATS = /^(0|[1-9]\d*)$/;
const HASH = /^[0-9a-f]{64}$/;

function parseBlock(v: unknown): StakedBlock | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const b = v as Record<string, unknown>;
  if (!Number.isSafeInteger(b.height) || typeof b.hash !== 'string' || !HASH.test(b.hash)) return undefined;
  if (!Number.isSafeInteger(b.timeSec) || (b.kind !== 'pool' && b.kind !== 'self')) return undefined;
  if (typeof b.rewardSats !== 'string' || !SATS.test(b.rewardSats)) return undefined;
  return { height: b.height as number, hash: b.hash, timeSec: b.timeSec as number, kind: b.kind, rewardSats: BigInt(b.rewardSats) };
}

/**
 * Reads the cache file. It is only a cache of what the node says (rebuilt from the node when missing, unreadable,
 * or made for another staker or start height), so any problem gives undefined, never an error.
 */
export async function loadEarnings(file: string, staker: string, startHeight: number): Promise<EarningsState | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  if (s.v !== 1 || s.staker !== staker || s.startHeight !== startHeight || !Number.isSafeInteger(s.scannedTo)) return undefined;
  if (s.scannedToHash !== null && (typeof s.scannedToHash !== 'string' || !HASH.test(s.scannedToHash))) return undefined;
  if (!Array.isArray(s.blocks)) return undefined;
  const blocks: StakedBlock[] = [];
  for (const b of s.blocks) {
    const parsed = parseBlock(b);
    if (!parsed) return undefined;
    blocks.push(parsed);
  }
  return { staker, startHeight, scannedTo: s.scannedTo as number, scannedToHash: (s.scannedToHash), blocks };
}

/** Writes the cache atomically (temp file + rename), mode 0600. */
export async function saveEarnings(file: string, state: EarningsState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const body = JSON.stringify({
    v: 1, staker: state.staker, startHeight: state.startHeight, scannedTo: state.scannedTo, scannedToHash: state.scannedToHash,
    blocks: state.blocks.map((b) => ({ ...b, rewardSats: b.rewardSats.toString() })),
  });
  await writeFile(tmp, body, { mode: 0o600 });
  await rename(tmp, file);
}
