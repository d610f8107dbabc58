import { createHash } from 'node:crypto';

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Double SHA-256, as used by Base58Check checksums and txids. */
export function sha256d(data: Uint8Array): Buffer {
  return sha256(sha256(data));
}

/** RIPEMD160(SHA256(data)): the 20-byte hash behind P2PKH addresses. */
export function hash160(data: Uint8Array): Buffer {
  return createHash('ripemd160').update(sha256(data)).digest();
}

/** sha256 hex of a UTF-8 string (content hashes of snapshots and plans). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
