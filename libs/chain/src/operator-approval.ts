import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { NetworkName } from './network';

/**
 * An operator's approval of one payout plan (manual mode): an Ed25519 signature over {@link approvalMessage}, made
 * by `ppm payout approve HASH` with the key in PPM_OPERATOR_KEY_FILE and checked by the signer against
 * PPM_OPERATOR_PUBKEYS before it unlocks. Neither the database nor the payout service can make one.
 */
export interface OperatorApproval {
  /** Raw 32-byte Ed25519 public key, 64 lowercase hex characters. */
  readonly publicKeyHex: string;
  /** 64-byte Ed25519 signature, 128 lowercase hex characters. */
  readonly signatureHex: string;
  /** When the operator approved (epoch ms). */
  readonly approvedAtMs: number;
  /** After this (epoch ms) the approval no longer releases money: the plan's time to live. */
  readonly expiresAtMs: number;
}

/** A key file or key text that is not an Ed25519 private key. */
export class OperatorKeyError extends Error {
  override readonly name = 'OperatorKeyError';
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The exact bytes an operator signs: one line per field, so no two different approvals share a message. The
 * network is part of it, so an approval for a regtest plan cannot release a mainnet one with the same hash.
 */
export function approvalMessage(network: NetworkName, planHash: string, approvedAtMs: number, expiresAtMs: number): Buffer {
  return Buffer.from(
    `ppm payout approval v1\nnetwork=${network}\nplan=${planHash}\napproved_at_ms=${approvedAtMs}\nexpires_at_ms=${expiresAtMs}\n`, 'utf8');
}

function privateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new OperatorKeyError(`not a PEM private key (${err instanceof Error ? err.message : String(err)})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new OperatorKeyError(`the operator key must be Ed25519, got ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

function rawPublicHex(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new OperatorKeyError('cannot read the Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url').toString('hex');
}

/** A new operator key: PKCS#8 PEM private key (what `ppm keys new` writes) and its public key in hex. */
export function generateOperatorKey(): { privateKeyPem: string; publicKeyHex: string } {
  const { privateKey: key } = generateKeyPairSync('ed25519');
  return { privateKeyPem: key.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKeyHex: rawPublicHex(key) };
}

/** The public key (hex) of a PEM Ed25519 private key. */
export function operatorPublicKeyHex(privateKeyPem: string): string {
  return rawPublicHex(privateKey(privateKeyPem));
}

/** Signs the approval of `planHash` with a PEM Ed25519 private key. */
export function signApproval(privateKeyPem: string, network: NetworkName, planHash: string, approvedAtMs: number, expiresAtMs: number): OperatorApproval {
  if (!HEX64.test(planHash)) throw new OperatorKeyError(`not a plan hash: ${planHash}`);
  const key = privateKey(privateKeyPem);
  const signature = sign(null, approvalMessage(network, planHash, approvedAtMs, expiresAtMs), key);
  return { publicKeyHex: rawPublicHex(key), signatureHex: signature.toString('hex'), approvedAtMs, expiresAtMs };
}

/** True when `a` is a valid signature by `a.publicKeyHex` over the approval of `planHash` on `network`. */
export function verifyApproval(a: OperatorApproval, network: NetworkName, planHash: string): boolean {
  if (!HEX64.test(a.publicKeyHex) || !/^[0-9a-f]{128}$/.test(a.signatureHex)) return false;
  if (!Number.isSafeInteger(a.approvedAtMs) || !Number.isSafeInteger(a.expiresAtMs)) return false;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(a.publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });
  } catch {
    return false;
  }
  return verify(null, approvalMessage(network, planHash, a.approvedAtMs, a.expiresAtMs), key, Buffer.from(a.signatureHex, 'hex'));
}
