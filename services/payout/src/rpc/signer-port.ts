import { Client, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import type {
  GetBatchStatusRequest, GetBatchStatusResponse, SignBatchRequest, SignBatchResponse, SignerServiceClient,
} from '@ppm/proto';

/** The signer calls the payout service makes, as promises with a deadline. */
export interface SignerPort {
  signBatch(req: SignBatchRequest): Promise<SignBatchResponse>;
  getBatchStatus(req: GetBatchStatusRequest): Promise<GetBatchStatusResponse>;
}

/** The generated mTLS client, or a factory that makes it on first use (the signer may start after us). */
export type SignerDep = SignerServiceClient | (() => SignerServiceClient);

/** Signing 2,500 outputs takes the wallet a few seconds; a minute covers a slow node without hanging forever. */
export const SIGN_DEADLINE_MS = 60_000;

type Unary<Req, Res> = (req: Req, md: Metadata, opts: { deadline: Date }, cb: (err: ServiceError | null, res: Res) => void) => unknown;

function call<Req, Res>(fn: Unary<Req, Res>, req: Req, deadlineMs: number): Promise<Res> {
  return new Promise((resolve, reject) => {
    fn(req, new Metadata(), { deadline: new Date(Date.now() + deadlineMs) }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** Adapts the generated client. */
export function createSignerPort(dep: SignerDep, deadlineMs = SIGN_DEADLINE_MS): SignerPort {
  let client: SignerServiceClient | undefined;
  const get = () => (client ??= typeof dep === 'function' ? dep() : dep);
  return {
    signBatch: (req) => {
      const c = get();
      return call<SignBatchRequest, SignBatchResponse>(c.signBatch.bind(c), req, deadlineMs);
    },
    getBatchStatus: (req) => {
      const c = get();
      return call<GetBatchStatusRequest, GetBatchStatusResponse>(c.getBatchStatus.bind(c), req, 10_000);
    },
  };
}

/**
 * gRPC statuses after which the signer certainly did not sign and will not on a retry (policy or request
 * refused). Everything else (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, INTERNAL...) may have signed
 * or may succeed later: the batch stays `reserved` and is retried; the journal returns the same tx.
 */
export function isSignerRefusal(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === status.INVALID_ARGUMENT || code === status.PERMISSION_DENIED || code === status.FAILED_PRECONDITION;
}

/** Accepts the generated client, a factory of it, or an already adapted port (tests wrapping the real signer). */
export function toSignerPort(dep: SignerDep | SignerPort): SignerPort {
  if (typeof dep === 'function' || dep instanceof Client) return createSignerPort(dep);
  return dep;
}
