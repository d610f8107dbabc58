import { lookupTx, whoSpentInputs, type TxFateRpc } from '@ppm/qtum-rpc';
import type { Logger } from '@ppm/runtime';
import type { JournalRecord } from '../journal/journal-record';

/** A journalled tx that can never be mined, and the chain's proof of it. */
export interface VoidSignature {
  readonly batchId: string;
  readonly txid: string;
  /** The input a different transaction spent, that transaction, and how deep it is buried. */
  readonly input: string;
  readonly spender: string;
  readonly depth: number;
}

/**
 * Which of the signer's signed transactions can never be mined, found from the chain alone (never from the
 * caller): a payout the payout service dropped (its inputs spent by another transaction, e.g. after a crash
 * between signing and broadcasting, or a conflicting spend by the node's own wallet) is re-planned and signed
 * again under a new batch id, and the journal holds both. Counting both against the pool's earnings would
 * refuse every payout until the pool earned the dropped amount a second time.
 *
 * A signed tx is void only when, at the moment of the check:
 * - the node's txindex is built and the tx is neither in a block of the active chain nor in the mempool, and
 * - one of its inputs is spent by a DIFFERENT transaction buried at least `depth` blocks (PPM_PAYOUT_CONFIRMATIONS,
 *   the depth at which the payout service drops a batch), so that the tx could only come back with a reorg
 *   deeper than that.
 * Anything else (in the mempool, mined, a parent missing, an index still building, a spender not deep enough)
 * keeps counting: an unclear answer never frees an amount. Mined txs are remembered once `depth` deep, so the
 * node is asked only about the few recent or lost ones.
 */
export interface VoidSignatures {
  find(records: Iterable<JournalRecord>): Promise<readonly VoidSignature[]>;
}

/** Creates the {@link VoidSignatures} lookup over the signer's node connection. */
export function createVoidSignatures(rpc: TxFateRpc, depth: number, log: Logger): VoidSignatures {
  const minedDeep = new Set<string>();
  return {
    async find(records) {
      const found: VoidSignature[] = [];
      for (const r of records) {
        const txid = r.txid.toLowerCase();
        if (minedDeep.has(txid)) continue;
        const seen = await lookupTx(rpc, txid);
        if (seen.where === 'chain') {
          if (seen.confirmations >= depth) minedDeep.add(txid);
          continue;
        }
        if (seen.where !== 'absent') continue;
        const verdict = await whoSpentInputs(rpc, txid, r.rawTxHex);
        if (verdict.kind === 'spent-elsewhere' && verdict.depth >= depth) {
          found.push({ batchId: r.batchId, txid, input: verdict.input, spender: verdict.spender, depth: verdict.depth });
        } else {
          log.debug({ batchId: r.batchId, txid, verdict: verdict.kind }, 'signed tx not mined, but not proven void: it keeps counting');
        }
      }
      return found;
    },
  };
}
