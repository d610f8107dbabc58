import { Metadata, type ServiceError } from '@grpc/grpc-js';
import type { GetBatchStatusResponse, SignBatchRequest, SignBatchResponse, SignerServiceClient } from '@ppm/proto';

const DEADLINE_MS = 20_000;
const deadline = () => ({ deadline: Date.now() + DEADLINE_MS });

/** SignBatch as a promise. */
export function signBatch(client: SignerServiceClient, req: SignBatchRequest): Promise<SignBatchResponse> {
  return new Promise((resolve, reject) => {
    client.signBatch(req, new Metadata(), deadline(), (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** GetBatchStatus as a promise. */
export function getBatchStatus(client: SignerServiceClient, batchId: string): Promise<GetBatchStatusResponse> {
  return new Promise((resolve, reject) => {
    client.getBatchStatus({ batchId }, new Metadata(), deadline(), (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** The error a call failed with (fails the test if it succeeded). */
export async function callError(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error('expected the call to fail, it succeeded');
}
