import { status, type ServiceError, Metadata } from '@grpc/grpc-js';
import { SignerRefusal, type RefusalKind } from '../signing/refusal';

/** One gRPC status per refusal kind (the README's error table repeats this). */
export const STATUS_BY_KIND: Readonly<Record<RefusalKind, status>> = {
  invalid: status.INVALID_ARGUMENT,
  precondition: status.FAILED_PRECONDITION,
  denied: status.PERMISSION_DENIED,
  exhausted: status.RESOURCE_EXHAUSTED,
  unauthenticated: status.UNAUTHENTICATED,
  unavailable: status.UNAVAILABLE,
  internal: status.INTERNAL,
};

/**
 * The gRPC error for a failure. A refusal keeps its message (written for the caller, no secrets); anything
 * else is a bug and is reported as INTERNAL without its message, which might carry more than the caller needs.
 */
export function toServiceError(err: unknown): Partial<ServiceError> {
  if (err instanceof SignerRefusal) {
    return { code: STATUS_BY_KIND[err.kind], details: err.message, metadata: new Metadata() };
  }
  return { code: status.INTERNAL, details: 'internal signer error (see the signer log)', metadata: new Metadata() };
}
