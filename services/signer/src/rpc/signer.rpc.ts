import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { BatchSigningState, type GetBatchStatusRequest, type GetBatchStatusResponse, type SignBatchRequest, type SignBatchResponse, type SignerServiceServer } from '@ppm/proto';
import { errorMessage, type Logger } from '@ppm/runtime';
import type { Journal } from '../journal/journal';
import { parseSignRequest } from '../signing/batch-request';
import type { BatchSigner } from '../signing/batch-signer';
import { SignerRefusal } from '../signing/refusal';
import { checkPeerIdentity } from '../tls/peer-identity';
import { toServiceError } from './status-map';

/** Text from a request field for the audit log: requests may be garbage, so bound and type-check it. */
function auditText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 100) : '';
}

function peerName(call: ServerUnaryCall<unknown, unknown>): string {
  try {
    const cn = call.getAuthContext().sslPeerCertificate?.subject?.CN;
    return typeof cn === 'string' ? cn : call.getPeer();
  } catch {
    return 'unknown';
  }
}

/**
 * The SignerService handlers. Every path answers the callback exactly once and never throws: a malformed
 * request is an INVALID_ARGUMENT, a bug an INTERNAL, and the process keeps serving.
 */
export function createSignerHandlers(signer: BatchSigner, journal: Journal, log: Logger, clientNames: ReadonlySet<string>): SignerServiceServer {
  return {
    signBatch(call: ServerUnaryCall<SignBatchRequest, SignBatchResponse>, callback: sendUnaryData<SignBatchResponse>) {
      const audit = { batchId: auditText(call.request?.batchId), planHash: auditText(call.request?.planHash), peer: peerName(call) };
      void (async () => {
        try {
          checkPeerIdentity(call, clientNames);
          const { record, replayed } = await signer.sign(parseSignRequest(call.request));
          log.info({ audit: replayed ? 'replayed' : 'signed', ...audit, txid: record.txid, feeSats: record.feeSats, totalSats: record.totalSats }, replayed ? 'batch replayed from the journal' : 'batch signed');
          callback(null, {
            batchId: record.batchId, txid: record.txid, rawTxHex: record.rawTxHex, feeSats: record.feeSats, changeSats: record.changeSats, replayed,
          });
        } catch (err) {
          if (err instanceof SignerRefusal) log.warn({ audit: 'refused', ...audit, kind: err.kind, reason: err.message }, 'batch refused');
          else log.error({ audit: 'failed', ...audit, cause: errorMessage(err) }, 'SignBatch failed unexpectedly');
          callback(toServiceError(err), null);
        }
      })();
    },

    getBatchStatus(call: ServerUnaryCall<GetBatchStatusRequest, GetBatchStatusResponse>, callback: sendUnaryData<GetBatchStatusResponse>) {
      try {
        checkPeerIdentity(call, clientNames);
      } catch (err) {
        log.warn({ audit: 'refused', peer: peerName(call), reason: (err as Error).message }, 'GetBatchStatus refused');
        callback(toServiceError(err), null);
        return;
      }
      const batchId: unknown = call.request?.batchId;
      if (typeof batchId !== 'string' || batchId === '' || batchId.length > 200) {
        callback(toServiceError(new SignerRefusal('invalid', 'batch_id must be a non-empty string of at most 200 characters')), null);
        return;
      }
      const r = journal.get(batchId);
      callback(null, r
        ? { batchId, state: BatchSigningState.BATCH_SIGNING_STATE_SIGNED, planHash: r.planHash, txid: r.txid, rawTxHex: r.rawTxHex }
        : { batchId, state: BatchSigningState.BATCH_SIGNING_STATE_UNKNOWN, planHash: '', txid: '', rawTxHex: '' });
    },
  };
}
