import { decodeAddress, encodeAddress } from './address';
import { hash160, sha256d } from './hash';
import type { NetworkName } from './network';
import { recoverPublicKey } from './secp256k1';

/** Qtum's message magic (qtum src/util/signstr.h `strMessageMagic`). */
export const QTUM_MESSAGE_MAGIC = 'Qtum Signed Message:\n';

/** Bitcoin's CompactSize length prefix. */
function compactSize(n: number): Buffer {
  if (n < 0xfd) return Buffer.from([n]);
  if (n <= 0xffff) {
    const b = Buffer.alloc(3);
    b[0] = 0xfd;
    b.writeUInt16LE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = 0xfe;
  b.writeUInt32LE(n, 1);
  return b;
}

/** MessageHash: double SHA-256 of the serialised magic and message (each with its CompactSize length). */
export function messageHash(message: string): Buffer {
  const magic = Buffer.from(QTUM_MESSAGE_MAGIC, 'utf8');
  const msg = Buffer.from(message, 'utf8');
  return sha256d(Buffer.concat([compactSize(magic.length), magic, compactSize(msg.length), msg]));
}

/** MessageVerify's outcomes (qtum src/util/message.h), which verifymessage maps to errors or true/false. */
export type MessageVerification = 'ok' | 'invalid_address' | 'address_no_key' | 'malformed_signature' | 'pubkey_not_recovered' | 'not_signed';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * qtumd's MessageVerify: the address must be a P2PKH address of `network`; the signature base64 of a 65-byte
 * compact recoverable signature (header 27 + recid, + 4 for a compressed key); the key recovered from
 * messageHash(message) must hash to the address.
 */
export function verifyMessage(address: string, signatureBase64: string, message: string, network: NetworkName): MessageVerification {
  let kind: string;
  let h160: string;
  try {
    ({ kind, hash160Hex: h160 } = decodeAddress(address, network));
  } catch {
    return 'invalid_address';
  }
  if (kind !== 'p2pkh') return 'address_no_key';
  if (!BASE64.test(signatureBase64)) return 'malformed_signature';
  const sig = Buffer.from(signatureBase64, 'base64');
  if (sig.length !== 65) return 'pubkey_not_recovered';
  const header = (sig[0] ?? 0) - 27;
  const pub = recoverPublicKey(messageHash(message), sig.subarray(1), header & 3, (header & 4) !== 0);
  if (!pub) return 'pubkey_not_recovered';
  return hash160(Buffer.from(pub, 'hex')).toString('hex') === h160 ? 'ok' : 'not_signed';
}

/** The P2PKH address of a recovered key, for messages that name who signed. */
export function signerAddress(signatureBase64: string, message: string, network: NetworkName): string | undefined {
  const sig = Buffer.from(signatureBase64, 'base64');
  if (sig.length !== 65) return undefined;
  const header = (sig[0] ?? 0) - 27;
  const pub = recoverPublicKey(messageHash(message), sig.subarray(1), header & 3, (header & 4) !== 0);
  return pub ? encodeAddress(hash160(Buffer.from(pub, 'hex')).toString('hex'), network) : undefined;
}
