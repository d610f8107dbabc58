import { generateKeyPairSync } from 'node:crypto';
import { OperatorKeyError, generateOperatorKey, operatorPublicKeyHex, signApproval, verifyApproval } from './operator-approval';

const HASH = 'ab'.repeat(32);

describe('operator approvals', () => {
  const key = generateOperatorKey();

  it('signs and verifies an approval of exactly that plan, network and time to live', () => {
    expect(key.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(operatorPublicKeyHex(key.privateKeyPem)).toBe(key.publicKeyHex);
    const a = signApproval(key.privateKeyPem, 'regtest', HASH, 1_000, 2_000);
    expect(a.publicKeyHex).toBe(key.publicKeyHex);
    expect(verifyApproval(a, 'regtest', HASH)).toBe(true);
    expect(verifyApproval(a, 'mainnet', HASH)).toBe(false);
    expect(verifyApproval(a, 'regtest', 'cd'.repeat(32))).toBe(false);
    expect(verifyApproval({ ...a, expiresAtMs: 3_000 }, 'regtest', HASH)).toBe(false);
    expect(verifyApproval({ ...a, publicKeyHex: generateOperatorKey().publicKeyHex }, 'regtest', HASH)).toBe(false);
    expect(verifyApproval({ ...a, signatureHex: 'zz' }, 'regtest', HASH)).toBe(false);
  });

  it('refuses a key that is not Ed25519 or not a key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => signApproval(rsa, 'regtest', HASH, 1, 2)).toThrow(OperatorKeyError);
    expect(() => operatorPublicKeyHex('hello')).toThrow(/not a PEM private key/);
  });
});
