import { classifyBlock, type NetworkName } from '@ppm/chain';
import type { AddressDeltasWithChainInfo, BlockHeader, BlockV3 } from '@ppm/qtum-rpc';
import type { Logger } from '@ppm/runtime';
import { emptyEarnings, saveEarnings, type EarningsState, type StakedBlock } from './earnings-state';
import { createEarningsView, type EarningsView } from './earnings-view';

/** The read-only chain calls the earnings scan makes (a structural subset of @ppm/qtum-rpc's client). */
export interface EarningsNode {
  getblockcount(): Promise<number>;
  getblockhash(height: number): Promise<string>;
  getblockheader(hash: string): Promise<BlockHeader>;
  getblock(hash: string, verbosity: 3): Promise<BlockV3>;
  getaddressdeltas(query: { addresses: string[]; start: number; end: number; chainInfo: true }): Promise<AddressDeltasWithChainInfo>;
}

/** Options of {@link createChainEarnings}. */
export interface ChainEarningsOptions {
  readonly node: EarningsNode;
  readonly network: NetworkName;
  readonly stakerAddress: string;
  /** Blocks are counted once buried this deep (PPM_CONFIRMATIONS, as the ledger credits them). */
  readonly confirmations: number;
  /** Where the cache is written (next to the journal). */
  readonly file: string;
  /** The cache loaded at start, if any. */
  readonly initial: EarningsState | undefined;
  readonly startHeight: number;
  readonly log: Logger;
}

/** The signer's own count of what S earned on chain. */
export interface ChainEarnings {
  /** Brings the count up to the node's tip minus confirmations (incrementally) and returns it. */
  refresh(): Promise<EarningsView>;
}

/** Heights per getaddressdeltas call: bounds one reply on a busy staker address. */
const SCAN_CHUNK_BLOCKS = 20_000;

/**
 * Counts every block staked by S since the start height from the node itself (never from the caller or the
 * database): S's address-index deltas name the candidate transactions (a coinstake is tx[1] of its block, and it
 * both spends and pays S), then each candidate block is read at verbosity 3 and classified with the ledger's own
 * rule ({@link classifyBlock}: R = outputs paying S - coinstake inputs). Incremental and cached on disk; a block
 * hash that left the main chain is dropped and the range above it rescanned. A node that is behind (a tip below
 * what was scanned) is waited for, never read as a reorg.
 */
export function createChainEarnings(opts: ChainEarningsOptions): ChainEarnings {
  const { node, log } = opts;
  let state: EarningsState = opts.initial ?? emptyEarnings(opts.stakerAddress, opts.startHeight);
  let refTimeSec = 0;
  let queue: Promise<unknown> = Promise.resolve();

  async function forkPoint(): Promise<number> {
    // The newest counted block still on the main chain: everything above it is rescanned.
    for (let i = state.blocks.length - 1; i >= 0; i--) {
      const b = state.blocks[i];
      if (b && (await node.getblockhash(b.height)) === b.hash) return b.height;
    }
    return state.startHeight - 1;
  }

  async function scanRange(from: number, to: number): Promise<void> {
    const res = await node.getaddressdeltas({ addresses: [opts.stakerAddress], start: Math.max(1, from), end: to, chainInfo: true });
    const heights = [...new Set(res.deltas.filter((d) => d.blockindex === 1 && d.height >= from && d.height <= to).map((d) => d.height))].sort((a, b) => a - b);
    const found: StakedBlock[] = [];
    for (const height of heights) {
      const hash = await node.getblockhash(height);
      const block = await node.getblock(hash, 3);
      const cs = block.flags === 'proof-of-stake' ? block.tx[1] : undefined;
      if (!cs) continue;
      const c = classifyBlock({
        hash: block.hash, height: block.height, hasProofOfDelegation: Boolean(block.proofOfDelegation),
        coinstake: {
          inputValuesSats: cs.vin.map((v, i) => {
            if (!v.prevout) throw new Error(`block ${height} ${hash}: coinstake input ${i} has no prevout (getblock verbosity 3)`);
            return v.prevout.valueSats;
          }),
          outputs: cs.vout.map((o) => ({ valueSats: o.valueSats, scriptHex: o.scriptPubKey.hex })),
        },
      }, opts.stakerAddress, opts.network);
      if (c.kind === 'foreign') continue;
      found.push({ height, hash: block.hash, timeSec: block.time, kind: c.kind, rewardSats: c.rewardSats });
    }
    state = { ...state, scannedTo: to, scannedToHash: res.end.hash, blocks: [...state.blocks, ...found] };
  }

  async function refresh(): Promise<EarningsView> {
    const tip = await node.getblockcount();
    if (state.scannedToHash !== null && state.scannedTo >= state.startHeight && state.scannedTo <= tip) {
      const now = await node.getblockhash(state.scannedTo);
      if (now !== state.scannedToHash) {
        const keep = await forkPoint();
        const dropped = state.blocks.filter((b) => b.height > keep);
        log.warn({ scannedTo: state.scannedTo, rescanFrom: keep + 1, droppedBlocks: dropped.length }, 'chain earnings: a counted range left the main chain; rescanning above the fork');
        state = { ...state, scannedTo: keep, scannedToHash: keep >= state.startHeight ? await node.getblockhash(keep) : null, blocks: state.blocks.filter((b) => b.height <= keep) };
      }
    }
    const target = tip - opts.confirmations;
    let moved = false;
    while (state.scannedTo < target) {
      const from = state.scannedTo + 1;
      const to = Math.min(target, from + SCAN_CHUNK_BLOCKS - 1);
      await scanRange(from, to);
      moved = true;
      await saveEarnings(opts.file, state);
    }
    if (moved || refTimeSec === 0) {
      refTimeSec = state.scannedToHash ? (await node.getblockheader(state.scannedToHash)).time : 0;
      if (moved) log.info({ scannedTo: state.scannedTo, stakedBlocks: state.blocks.length }, 'chain earnings counted');
    }
    return createEarningsView(state, refTimeSec);
  }

  return {
    refresh() {
      // One scan at a time: a warm-up at start and the first batch share the work instead of doing it twice.
      const run = queue.then(refresh, refresh);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
