import { writeOutbox, type Db } from '@ppm/ledger';
import { PermanentError } from '@ppm/runtime';
import { lockBlock, markReversed } from '../store/blocks.repo';
import { blockDedupeKey } from './apply.job';
import { insertReversals, unreversedBlockEntries } from '../store/entries.repo';

/** What {@link reverseBlock} did. */
export interface ReverseResult {
  /** `on-main-chain`: the block is applied and (again) on the main chain at the time of the job: nothing to undo. */
  readonly outcome: 'reversed' | 'already-reversed' | 'not-applied' | 'on-main-chain';
  readonly height: number;
  /** Reversal entries written. */
  readonly entries: number;
  /** Sum of the amounts reversed (the block's R for pool and self blocks). */
  readonly reversedSats: bigint;
  /** The application this call reversed (or found reversed): the block's current application number. */
  readonly application: number;
}

/**
 * DESIGN rule 7. Reverses an applied block that left the main chain, in ONE transaction, idempotently:
 * one `reversal` entry per entry of the block (negated amount, same address, reverses_entry_id), status
 * `reversed`, and a `reorg_reversal` warning for pool and self blocks. Nothing is updated or deleted.
 * The chain state is re-read inside the transaction under the block's row lock (`SELECT ... FOR UPDATE`: a
 * concurrent reorg flip either waits for us or is seen by us), and only a block that is `applied` AND off the
 * main chain at that moment is reversed. A block never applied needs nothing (`not-applied`). One that is on the
 * main chain is a no-op (`on-main-chain`, logged by the worker), never a retry: the chain-watcher flips
 * on_main_chain before it enqueues the reversal, so the block came back (A->B->A) and its entries stand. If it
 * leaves the main chain again, the chain-watcher enqueues a new reversal and recovery re-derives it anyway.
 * If the reversed shares were already paid out, the delegate's balance goes negative: a debt carried forward
 * and netted against later shares (payout pays only balances >= the minimum).
 */
export async function reverseBlock(db: Db, hash: string): Promise<ReverseResult> {
  return db.transaction(async (tx) => {
    const b = await lockBlock(tx, hash);
    if (!b) throw new PermanentError(`block ${hash} is unknown: nothing to reverse`);
    const none = { height: b.height, entries: 0, reversedSats: 0n, application: b.application };
    if (b.status === 'reversed') return { outcome: 'already-reversed', ...none };
    if (b.status !== 'applied') return { outcome: 'not-applied', ...none };
    if (b.onMainChain) return { outcome: 'on-main-chain', ...none };
    const entries = await unreversedBlockEntries(tx, hash);
    await insertReversals(tx, hash, entries);
    let reversedSats = 0n;
    for (const e of entries) reversedSats += e.amountSats;
    if (b.kind === 'pool' || b.kind === 'self') {
      await writeOutbox(tx, {
        kind: 'reorg_reversal',
        dedupeKey: blockDedupeKey('reorg_reversal', hash, b.application),
        payload: { height: b.height, blockHash: hash, kind: b.kind, reversedSats: reversedSats.toString(), entries: entries.length },
      });
    }
    if (!(await markReversed(tx, hash))) throw new Error(`block ${b.height} ${hash} changed under its row lock: reversal rolled back`);
    return { outcome: 'reversed', height: b.height, entries: entries.length, reversedSats, application: b.application };
  });
}
