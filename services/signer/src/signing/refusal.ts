/**
 * Why the signer did not sign. Each kind maps to one gRPC status in rpc/status-map.ts; the message is what the
 * caller and the audit log see, so it names the batch's problem and never carries a secret.
 */
export type RefusalKind =
  /** The request is malformed or self-inconsistent (bad hash, unknown batch id): retrying it cannot help. */
  | 'invalid'
  /** The request is well formed but the signer's state forbids it (batch id reused, wrong network, node state). */
  | 'precondition'
  /** The policy forbids this payment (unknown recipient, per-output or per-batch cap, dust). */
  | 'denied'
  /** The rolling 24 h cap would be exceeded: may succeed later. */
  | 'exhausted'
  /** The caller's certificate is of the right CA but not of a name the signer serves (PPM_SIGNER_CLIENT_NAMES). */
  | 'unauthenticated'
  /** The node is unreachable or warming up: retry later. */
  | 'unavailable'
  /** Something broke that should not (the node built an unexpected tx, the journal failed). */
  | 'internal';

/** A refusal with its kind. Thrown by the signing flow, mapped once at the gRPC boundary. */
export class SignerRefusal extends Error {
  override readonly name = 'SignerRefusal';
  constructor(readonly kind: RefusalKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
