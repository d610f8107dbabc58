import { readFile } from 'node:fs/promises';
import { ServerCredentials } from '@grpc/grpc-js';

/** PEM material of the signer's server side. */
export interface SignerServerTls {
  /** The CA whose client certificates are accepted (only the payout service should hold one). */
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Reads the signer's CA, certificate and key from PEM files. */
export async function readServerTls(paths: { ca: string; cert: string; key: string }): Promise<SignerServerTls> {
  const [ca, cert, key] = await Promise.all([readFile(paths.ca), readFile(paths.cert), readFile(paths.key)]);
  return { ca, cert, key };
}

/**
 * Mutual TLS: `checkClientCertificate = true` makes the TLS handshake itself refuse a client without a
 * certificate issued by `ca`, before any gRPC frame is read.
 */
export function createServerCredentials(tls: SignerServerTls): ServerCredentials {
  return ServerCredentials.createSsl(tls.ca, [{ cert_chain: tls.cert, private_key: tls.key }], true);
}
