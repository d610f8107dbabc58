import { parseSats, sha256d } from '@ppm/chain';
import { BatchSigningState, type PayoutPlan as ProtoPlan, type SignBatchResponse } from '@ppm/proto';
import { RetryableError } from '@ppm/runtime';
import type { PayoutContext } from '../context';
import type { PayoutPlan } from '../domain/plan';
import { isSignerRefusal } from '../rpc/signer-port';
import { getBatch, recordError, recordSigned, type StoredBatch } from '../store/batches.repo';
import { getPlan } from '../store/plans.repo';
import { releaseBatch } from '../store/settle.repo';
import { rethrowCrash } from './crash-point';

/** The plan as the signer gets it: exactly the hashed content, plus batch ids (the signer recomputes the hash). */
export function toProtoPlan(plan: PayoutPlan): ProtoPlan {
  return {
    network: plan.content.network,
    asOfHeight: String(plan.content.asOfHeight),
    batches: plan.batches.map((b) => ({
      batchId: b.batchId,
      // A redirected output carries the address paid and the delegate's signature: the signer verifies it itself.
      outputs: b.outputs.map((o) => ({
        address: o.address, amountSats: o.amountSats.toString(),
        ...(o.paidTo !== undefined ? { paidTo: o.paidTo, redirectSignature: o.redirectSignature ?? '' } : {}),
      })),
    })),
  };
}

/** txid of a legacy (non-witness) raw tx: sha256d of its bytes, reversed. Undefined for witness encodings. */
export function legacyTxid(rawHex: string): string | undefined {
  const bytes = Buffer.from(rawHex, 'hex');
  if (bytes.length < 10 || bytes.length * 2 !== rawHex.length) return undefined;
  if (bytes[4] === 0x00 && bytes[5] === 0x01) return undefined;
  return Buffer.from(sha256d(bytes)).reverse().toString('hex');
}

/** Checks the signer's reply before it is stored: the stored txid must be the txid of the stored bytes. */
function checkReply(batchId: string, r: SignBatchResponse): { txid: string; rawTx: string; feeSats: bigint } {
  if (r.batchId !== batchId) throw new Error(`signer answered for batch ${r.batchId}, asked ${batchId}`);
  const txid = r.txid.toLowerCase();
  const rawTx = r.rawTxHex.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(txid)) throw new Error(`signer returned a malformed txid for ${batchId}`);
  if (!/^([0-9a-f]{2})+$/.test(rawTx)) throw new Error(`signer returned a malformed raw tx for ${batchId}`);
  const computed = legacyTxid(rawTx);
  if (computed !== undefined && computed !== txid) throw new Error(`signer's txid ${txid} is not the hash of its raw tx (${computed})`);
  return { txid, rawTx, feeSats: parseSats(r.feeSats || '0') };
}

/**
 * reserved -> signed. Asks the signer (which journals by batch id, so a retry after a lost reply gets the same
 * transaction back) and stores txid + raw tx + fee BEFORE anything is broadcast. A refusal (policy, bad request)
 * is checked against the signer's journal: nothing signed -> the amounts are released (failed); a journalled tx
 * -> it is stored like a normal reply.
 */
export async function signBatch(ctx: PayoutContext, plan: PayoutPlan, batch: StoredBatch): Promise<void> {
  const log = ctx.log.child({ batchId: batch.batchId, planHash: plan.hash });
  let reply: { txid: string; rawTx: string; feeSats: bigint | null };
  try {
    // The operator's approval (manual mode with keys) travels with every batch; the signer verifies it.
    const a = (await getPlan(ctx.db, plan.hash))?.operatorApproval;
    reply = checkReply(batch.batchId, await ctx.signer.signBatch({
      batchId: batch.batchId, planHash: plan.hash, plan: toProtoPlan(plan),
      ...(a ? { operatorApproval: { publicKey: a.publicKeyHex, signature: a.signatureHex, approvedAtMs: String(a.approvedAtMs), expiresAtMs: String(a.expiresAtMs) } } : {}),
    }));
  } catch (err) {
    rethrowCrash(err);
    if (!isSignerRefusal(err)) {
      await recordError(ctx.db, batch.batchId, `sign: ${(err as Error).message}`);
      throw new RetryableError(`signer did not sign batch ${batch.batchId} (will retry; the journal returns the same tx)`, { cause: err });
    }
    const journal = await ctx.signer.getBatchStatus({ batchId: batch.batchId });
    if (journal.state === BatchSigningState.BATCH_SIGNING_STATE_SIGNED && journal.planHash === plan.hash && journal.txid) {
      reply = { txid: journal.txid.toLowerCase(), rawTx: journal.rawTxHex.toLowerCase(), feeSats: null };
      log.warn({ err, txid: reply.txid }, 'signer refused but its journal holds a tx for this batch: storing that one');
    } else if (journal.state === BatchSigningState.BATCH_SIGNING_STATE_UNKNOWN) {
      const height = await ctx.rpc.getblockcount();
      await ctx.db.transaction((tx) => releaseBatch(tx, batch.batchId, 'failed', `signer refused: ${(err as Error).message}`, height));
      log.error({ err }, 'signer refused the batch; nothing was signed; amounts returned to balances');
      return;
    } else {
      await recordError(ctx.db, batch.batchId, `sign refused and journal unclear: ${(err as Error).message}`);
      throw new RetryableError(`signer refused batch ${batch.batchId} and its journal state is ${journal.state}`, { cause: err });
    }
  }
  ctx.crashAt?.('after-sign');
  if (!(await recordSigned(ctx.db, batch.batchId, reply))) {
    // Someone else stored it first (another replica, the timer): fine if it is the same tx, which the journal ensures.
    const now = await getBatch(ctx.db, batch.batchId);
    if (now?.txid !== reply.txid) throw new Error(`batch ${batch.batchId} holds txid ${now?.txid ?? 'none'} but the signer returned ${reply.txid}`);
  }
  log.info({ txid: reply.txid, feeSats: reply.feeSats?.toString() }, 'payout batch signed and stored');
  ctx.crashAt?.('after-record-signed');
}
