import bs58 from 'bs58';
import { hash160, sha256d } from './hash';
import { NETWORKS, type NetworkName } from './network';

/** The kinds of address a Qtum base58 string can encode. */
export type AddressKind = 'p2pkh' | 'p2sh';

/** A decoded address. */
export interface DecodedAddress {
  readonly kind: AddressKind;
  /** 20-byte hash, lowercase hex (script byte order, as qtumd's `gethexaddress`). */
  readonly hash160Hex: string;
}

/** An address that is malformed or belongs to another network; the message says which. */
export class AddressError extends Error {
  override readonly name = 'AddressError';
}

/** Base58Check-encodes `payload` (version byte included). */
export function base58CheckEncode(payload: Uint8Array): string {
  const check = sha256d(payload).subarray(0, 4);
  return bs58.encode(Buffer.concat([payload, check]));
}

/** Decodes Base58Check text, verifying the checksum; returns the payload without the checksum. */
export function base58CheckDecode(text: string): Buffer {
  let raw: Uint8Array;
  try {
    raw = bs58.decode(text);
  } catch {
    throw new AddressError(`not base58: ${JSON.stringify(text)}`);
  }
  if (raw.length < 5) throw new AddressError(`too short for Base58Check: ${JSON.stringify(text)}`);
  const payload = Buffer.from(raw.subarray(0, raw.length - 4));
  const check = Buffer.from(raw.subarray(raw.length - 4));
  if (!sha256d(payload).subarray(0, 4).equals(check)) throw new AddressError(`bad checksum in address ${JSON.stringify(text)}`);
  return payload;
}

/** Encodes a 20-byte hash as an address of `kind` on `network`. */
export function encodeAddress(hash160Hex: string, network: NetworkName, kind: AddressKind = 'p2pkh'): string {
  if (!/^[0-9a-f]{40}$/i.test(hash160Hex)) throw new AddressError(`hash160 must be 40 hex characters, got ${JSON.stringify(hash160Hex)}`);
  const p = NETWORKS[network];
  const version = kind === 'p2pkh' ? p.p2pkhVersion : p.p2shVersion;
  return base58CheckEncode(Buffer.concat([Buffer.from([version]), Buffer.from(hash160Hex, 'hex')]));
}

/** Decodes and validates an address for `network`. Throws {@link AddressError} saying what is wrong. */
export function decodeAddress(address: string, network: NetworkName): DecodedAddress {
  if (typeof address !== 'string' || address.length < 26 || address.length > 35) {
    throw new AddressError(`not a Qtum address: ${JSON.stringify(address)} (expected 34 base58 characters)`);
  }
  const payload = base58CheckDecode(address);
  if (payload.length !== 21) throw new AddressError(`not a Qtum address: ${JSON.stringify(address)} (wrong length)`);
  const p = NETWORKS[network];
  const version = payload[0];
  const hex = payload.subarray(1).toString('hex');
  if (version === p.p2pkhVersion) return { kind: 'p2pkh', hash160Hex: hex };
  if (version === p.p2shVersion) return { kind: 'p2sh', hash160Hex: hex };
  const other = (Object.keys(NETWORKS) as NetworkName[]).find((n) => NETWORKS[n].p2pkhVersion === version || NETWORKS[n].p2shVersion === version);
  throw new AddressError(`address ${address} is not a ${network} address${other ? ` (it is for ${other})` : ''}`);
}

/** True when `address` is a valid P2PKH address on `network` (delegates must be P2PKH). */
export function isP2pkhAddress(address: string, network: NetworkName): boolean {
  try {
    return decodeAddress(address, network).kind === 'p2pkh';
  } catch {
    return false;
  }
}

/** The P2PKH address of a public key (33-byte compressed or 65-byte uncompressed, hex). */
export function addressFromPubkey(pubkeyHex: string, network: NetworkName): string {
  if (!/^(0[23][0-9a-f]{64}|04[0-9a-f]{128})$/i.test(pubkeyHex)) throw new AddressError(`not a public key: ${JSON.stringify(pubkeyHex)}`);
  return encodeAddress(hash160(Buffer.from(pubkeyHex, 'hex')).toString('hex'), network);
}

/** The P2PKH output script (hex) paying `hash160Hex`. */
export function p2pkhScriptHex(hash160Hex: string): string {
  return `76a914${hash160Hex.toLowerCase()}88ac`;
}

/** The P2PK output script (hex) paying `pubkeyHex`. */
export function p2pkScriptHex(pubkeyHex: string): string {
  const len = pubkeyHex.length / 2;
  return `${len.toString(16)}${pubkeyHex.toLowerCase()}ac`;
}

/** What an output script pays, when it is a standard single-key or script-hash output. */
export interface ScriptDestination {
  readonly type: 'pubkey' | 'pubkeyhash' | 'scripthash';
  /** The 20-byte hash the address index files it under. */
  readonly hash160Hex: string;
  /** The base58 address (for P2PK: the P2PKH address of the key, as qtumd derives it). */
  readonly address: string;
  /** For P2PK only: the public key. */
  readonly pubkeyHex?: string;
}

/**
 * Decodes a standard output script: P2PK (`21<33>ac` / `41<65>ac`), P2PKH (`76a914<20>88ac`),
 * P2SH (`a914<20>87`). Returns undefined for anything else (empty coinstake marker, OP_RETURN, contracts).
 */
export function destinationFromScript(scriptHex: string, network: NetworkName): ScriptDestination | undefined {
  const s = scriptHex.toLowerCase();
  if ((s.length === 70 && s.startsWith('21')) || (s.length === 134 && s.startsWith('41'))) {
    if (!s.endsWith('ac')) return undefined;
    const pubkeyHex = s.slice(2, -2);
    if (!/^(0[23]|04)/.test(pubkeyHex)) return undefined;
    const h = hash160(Buffer.from(pubkeyHex, 'hex')).toString('hex');
    return { type: 'pubkey', hash160Hex: h, address: encodeAddress(h, network), pubkeyHex };
  }
  if (s.length === 50 && s.startsWith('76a914') && s.endsWith('88ac')) {
    const h = s.slice(6, 46);
    return { type: 'pubkeyhash', hash160Hex: h, address: encodeAddress(h, network) };
  }
  if (s.length === 46 && s.startsWith('a914') && s.endsWith('87')) {
    const h = s.slice(4, 44);
    return { type: 'scripthash', hash160Hex: h, address: encodeAddress(h, network, 'p2sh') };
  }
  return undefined;
}
