import { credentials, type ChannelOptions } from '@grpc/grpc-js';
import { SignerServiceClient } from '@ppm/proto';

/** PEM material of a signer client: the CA that issued the signer's certificate, and the client's own pair. */
export interface SignerClientTls {
  readonly ca: Buffer | string;
  readonly cert: Buffer | string;
  readonly key: Buffer | string;
}

const toBuffer = (v: Buffer | string): Buffer => (typeof v === 'string' ? Buffer.from(v) : v);

/**
 * A generated {@link SignerServiceClient} over mutual TLS. `url` is `host:port`; the host must match a SAN of the
 * signer's certificate (127.0.0.1, localhost or signer for the development set). `options` are grpc-js channel
 * options (e.g. `grpc.ssl_target_name_override` when reaching the signer by another name).
 */
export function createSignerClient(url: string, tls: SignerClientTls, options: ChannelOptions = {}): SignerServiceClient {
  const creds = credentials.createSsl(toBuffer(tls.ca), toBuffer(tls.key), toBuffer(tls.cert));
  return new SignerServiceClient(url, creds, options);
}
