import type { StoredTx } from './chain-types';
import { outpointKey } from './chain-types';

/** A transaction waiting in the mempool. */
export interface MempoolEntry {
  readonly tx: StoredTx;
  readonly fee: bigint;
  /** Epoch seconds when it entered. */
  readonly time: number;
  /** Tip height when it entered. */
  readonly height: number;
}

/** The mempool: insertion-ordered (parents before children) with a spent-outpoint index for conflicts. */
export class Mempool {
  private readonly entries = new Map<string, MempoolEntry>();
  private readonly spentBy = new Map<string, string>();

  get size(): number {
    return this.entries.size;
  }
  get(txid: string): MempoolEntry | undefined {
    return this.entries.get(txid);
  }
  has(txid: string): boolean {
    return this.entries.has(txid);
  }
  all(): MempoolEntry[] {
    return [...this.entries.values()];
  }
  /** The mempool tx spending `key`, if any. */
  spender(key: string): string | undefined {
    return this.spentBy.get(key);
  }
  add(entry: MempoolEntry): void {
    this.entries.set(entry.tx.txid, entry);
    entry.tx.tx.vin.forEach((i) => this.spentBy.set(outpointKey(i.prevTxid, i.prevVout), entry.tx.txid));
  }
  /** Removes just `txid` (it was mined; its children stay valid). */
  removeOne(txid: string): MempoolEntry | undefined {
    const e = this.entries.get(txid);
    if (!e) return undefined;
    this.entries.delete(txid);
    for (const i of e.tx.tx.vin) {
      const k = outpointKey(i.prevTxid, i.prevVout);
      if (this.spentBy.get(k) === txid) this.spentBy.delete(k);
    }
    return e;
  }

  /** Removes `txid` and every mempool descendant (iteratively: funding chains are thousands long); returns the removed txids. */
  remove(txid: string): string[] {
    const removed: string[] = [];
    const todo = [txid];
    while (todo.length > 0) {
      const id = todo.pop() as string;
      const e = this.removeOne(id);
      if (!e) continue;
      removed.push(id);
      e.tx.tx.vout.forEach((_, n) => {
        const child = this.spentBy.get(outpointKey(id, n));
        if (child) todo.push(child);
      });
    }
    return removed;
  }

  clear(): void {
    this.entries.clear();
    this.spentBy.clear();
  }
}
