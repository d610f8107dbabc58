import { nodeBehindMessage } from '@ppm/ledger';

/** The node's chain is behind the ledger: following waits (nothing is orphaned, reversed or emitted). */
export interface NodeBehind {
  readonly nodeHeight: number;
  readonly ledgerHeight: number;
  /** ledgerHeight - nodeHeight, never below 0 (a node in IBD at or above the cursor is behind by 0). */
  readonly blocks: number;
  readonly initialBlockDownload: boolean;
  readonly message: string;
}

/**
 * Rule "behind is not a reorg": a node whose active chain is below the ledger's cursor, or that reports
 * initialblockdownload, is behind (a reindex, a catch-up, a lagging or replaced node). It is never evidence
 * that ledger blocks left the main chain. verificationprogress and headers are not used: during a real reindex
 * qtumd keeps the first at 1 and the second equal to blocks. Returns null when the node is not behind.
 */
export function nodeBehind(nodeHeight: number, initialBlockDownload: boolean, cursorHeight: number | null): NodeBehind | null {
  if (cursorHeight === null) return initialBlockDownload ? behind(nodeHeight, nodeHeight, true) : null;
  if (!initialBlockDownload && nodeHeight >= cursorHeight) return null;
  return behind(nodeHeight, cursorHeight, initialBlockDownload);
}

/** A node behind the ledger at `ledgerHeight` (also used when -8 shows the node's chain shrank mid-step). */
export function behind(nodeHeight: number, ledgerHeight: number, initialBlockDownload: boolean): NodeBehind {
  const blocks = Math.max(0, ledgerHeight - nodeHeight);
  return { nodeHeight, ledgerHeight, blocks, initialBlockDownload, message: nodeBehindMessage(blocks) };
}
