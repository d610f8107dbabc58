import type { ServerUnaryCall } from '@grpc/grpc-js';
import { SignerRefusal } from '../signing/refusal';

/** The names a peer certificate carries: its CN and its DNS SANs. */
export function peerCertificateNames(call: ServerUnaryCall<unknown, unknown>): string[] {
  let cert;
  try {
    cert = call.getAuthContext().sslPeerCertificate;
  } catch {
    return [];
  }
  if (!cert) return [];
  const names: string[] = [];
  const cn: unknown = cert.subject?.CN;
  if (typeof cn === 'string') names.push(cn);
  const san: unknown = cert.subjectaltname;
  if (typeof san === 'string') {
    for (const part of san.split(',')) {
      const m = /^\s*DNS:(.+?)\s*$/.exec(part);
      if (m?.[1]) names.push(m[1]);
    }
  }
  return names;
}

/** The names of PPM_SIGNER_CLIENT_NAMES. */
export function parseClientNames(value: string): ReadonlySet<string> {
  return new Set(value.split(',').map((n) => n.trim()).filter((n) => n !== ''));
}

/**
 * mTLS pinned to the payout service's identity, on top of the CA: the TLS handshake has already refused a
 * certificate of another CA; this refuses one of the right CA issued to another name (UNAUTHENTICATED: a
 * configuration problem, which the payout service retries rather than failing the batch).
 */
export function checkPeerIdentity(call: ServerUnaryCall<unknown, unknown>, allowed: ReadonlySet<string>): void {
  const names = peerCertificateNames(call);
  if (!names.some((n) => allowed.has(n))) {
    throw new SignerRefusal('unauthenticated',
      `the client certificate (${names.length > 0 ? names.join(', ') : 'no name'}) is not one the signer serves; allowed: ${[...allowed].join(', ')} (PPM_SIGNER_CLIENT_NAMES)`);
  }
}
