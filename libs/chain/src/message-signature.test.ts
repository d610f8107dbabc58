import { createECDH, createHash, createPublicKey, verify } from 'node:crypto';
import { addressFromPubkey, encodeAddress } from './address';
import { messageHash, signerAddress, verifyMessage } from './message-signature';
import { publicKeyOf, recoverPublicKey, signRecoverable } from './secp256k1';

const PRIV = createHash('sha256').update('w13/message-key').digest('hex');

/** OpenSSL's public key for PRIV: the independent implementation this arithmetic is checked against. */
function opensslPub(privHex: string): string {
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(Buffer.from(privHex, 'hex'));
  return ecdh.getPublicKey('hex', 'compressed');
}

function derFromCompact(rs: Buffer): Buffer {
  const int = (b: Buffer) => {
    let x = b;
    while (x.length > 1 && x[0] === 0 && ((x[1] ?? 0) & 0x80) === 0) x = x.subarray(1);
    if ((x[0] ?? 0) & 0x80) x = Buffer.concat([Buffer.from([0]), x]);
    return Buffer.concat([Buffer.from([0x02, x.length]), x]);
  };
  const body = Buffer.concat([int(rs.subarray(0, 32)), int(rs.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

describe('secp256k1 recovery and Qtum message signatures', () => {
  it('derives the same public key as OpenSSL', () => {
    for (const label of ['a', 'b', 'c']) {
      const priv = createHash('sha256').update(label).digest('hex');
      expect(publicKeyOf(priv)).toBe(opensslPub(priv));
    }
  });

  it('signs what OpenSSL verifies (ECDSA over the message hash) and recovers the signer', () => {
    const message = 'PPM redirect v1: payouts of qA go to qB';
    const hash = messageHash(message);
    const sig = signRecoverable(hash, PRIV);
    expect(sig).toHaveLength(65);
    // OpenSSL hashes its input once with SHA-256: give it the first SHA-256 so it checks ECDSA over sha256d.
    const inner = createHash('sha256').update(Buffer.concat([Buffer.from([21]), Buffer.from('Qtum Signed Message:\n'), Buffer.from([message.length]), Buffer.from(message)])).digest();
    expect(createHash('sha256').update(inner).digest()).toEqual(hash);
    const pubDer = createPublicKey({ key: Buffer.concat([Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex'), Buffer.from(opensslPub(PRIV), 'hex')]), format: 'der', type: 'spki' });
    expect(verify('sha256', inner, pubDer, derFromCompact(sig.subarray(1)))).toBe(true);
    expect(recoverPublicKey(hash, sig.subarray(1), ((sig[0] ?? 0) - 27) & 3, true)).toBe(opensslPub(PRIV));
  });

  it('verifyMessage answers like qtumd: ok, not signed, bad address, no key, malformed, not recovered', () => {
    const address = addressFromPubkey(opensslPub(PRIV), 'regtest');
    const message = 'hello';
    const sig = signRecoverable(messageHash(message), PRIV).toString('base64');
    expect(verifyMessage(address, sig, message, 'regtest')).toBe('ok');
    expect(signerAddress(sig, message, 'regtest')).toBe(address);
    expect(verifyMessage(address, sig, 'hello!', 'regtest')).toBe('not_signed');
    expect(verifyMessage(encodeAddress('11'.repeat(20), 'regtest'), sig, message, 'regtest')).toBe('not_signed');
    expect(verifyMessage('qXYZ', sig, message, 'regtest')).toBe('invalid_address');
    expect(verifyMessage(encodeAddress('11'.repeat(20), 'regtest', 'p2sh'), sig, message, 'regtest')).toBe('address_no_key');
    expect(verifyMessage(address, 'not base64!', message, 'regtest')).toBe('malformed_signature');
    expect(verifyMessage(address, Buffer.alloc(64).toString('base64'), message, 'regtest')).toBe('pubkey_not_recovered');
    const zeroR = Buffer.concat([Buffer.from([31]), Buffer.alloc(64)]).toString('base64');
    expect(verifyMessage(address, zeroR, message, 'regtest')).toBe('pubkey_not_recovered');
  });
});
