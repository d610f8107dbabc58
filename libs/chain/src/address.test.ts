import {
  AddressError, addressFromPubkey, base58CheckDecode, decodeAddress, destinationFromScript, encodeAddress, isP2pkhAddress,
  p2pkScriptHex, p2pkhScriptHex,
} from './address';

// Fixture roles (../shared/fixtures/qtum-regtest/README.md).
const S = 'qbZYLgKFSojykoArbEakMTzxwbeTtPkG5p';
const S_HASH = 'c579ee1fa4329028e2e3e9cbc5d37010f7c4eb6e';
const S_PUBKEY = '03671c95689bed9d7a632ef0a2e0c82bff6e172fac1384180255ca6932fe0a9138';
const A = 'qSCLdYccdW7ic74GcJ3TvDYNdgqHJzjM4G';

describe('addresses', () => {
  it('derives the issue test vector from a testnet pubkey', () => {
    expect(addressFromPubkey('039b33555fe9dcb13c8585034715555e4f40ad7bc12723c46d5e476dfebba345a2', 'testnet')).toBe('qMUR738THXBXABfx1Rk6iWtiStEPtQKWYK');
  });

  it('derives S from its pubkey and encodes/decodes its hash160 (fixtures 120, 122)', () => {
    expect(addressFromPubkey(S_PUBKEY, 'regtest')).toBe(S);
    expect(encodeAddress(S_HASH, 'regtest')).toBe(S);
    expect(decodeAddress(S, 'regtest')).toEqual({ kind: 'p2pkh', hash160Hex: S_HASH });
  });

  it('uses the mainnet version bytes: P2PKH 0x3a (Q), P2SH 0x32 (M)', () => {
    expect(encodeAddress(S_HASH, 'mainnet')).toMatch(/^Q/);
    expect(encodeAddress(S_HASH, 'mainnet', 'p2sh')).toMatch(/^M/);
    expect(encodeAddress(S_HASH, 'testnet', 'p2sh')).toMatch(/^m/);
    expect(base58CheckDecode(encodeAddress(S_HASH, 'mainnet'))[0]).toBe(0x3a);
    expect(base58CheckDecode(encodeAddress(S_HASH, 'mainnet', 'p2sh'))[0]).toBe(0x32);
    expect(base58CheckDecode(S)[0]).toBe(0x78);
    expect(base58CheckDecode(encodeAddress(S_HASH, 'regtest', 'p2sh'))[0]).toBe(0x6e);
  });

  it('refuses another network with a clear message', () => {
    const mainnet = encodeAddress(S_HASH, 'mainnet');
    expect(() => decodeAddress(mainnet, 'regtest')).toThrow(/not a regtest address \(it is for mainnet\)/);
  });

  it.each([
    ['bad checksum', S.slice(0, -1) + (S.endsWith('p') ? 'q' : 'p'), /checksum/],
    ['not base58', 'qbZYLgKFSojykoArbEakMTzxwbeTtPkG50', /base58/],
    ['too short', 'qbZY', /not a Qtum address/],
    ['empty', '', /not a Qtum address/],
  ])('refuses %s', (_what, text, msg) => {
    expect(() => decodeAddress(text, 'regtest')).toThrow(AddressError);
    expect(() => decodeAddress(text, 'regtest')).toThrow(msg);
  });

  it('validates P2PKH', () => {
    expect(isP2pkhAddress(A, 'regtest')).toBe(true);
    expect(isP2pkhAddress(encodeAddress(S_HASH, 'regtest', 'p2sh'), 'regtest')).toBe(false);
    expect(isP2pkhAddress(A, 'mainnet')).toBe(false);
  });

  it('decodes P2PK, P2PKH and P2SH scripts; P2PK maps to the P2PKH address of the key', () => {
    const pk = destinationFromScript(p2pkScriptHex(S_PUBKEY), 'regtest');
    expect(pk).toEqual({ type: 'pubkey', hash160Hex: S_HASH, address: S, pubkeyHex: S_PUBKEY });
    expect(destinationFromScript(`21${S_PUBKEY}ac`, 'regtest')?.address).toBe(S);
    expect(destinationFromScript(p2pkhScriptHex(S_HASH), 'regtest')).toEqual({ type: 'pubkeyhash', hash160Hex: S_HASH, address: S });
    expect(destinationFromScript(`a914${S_HASH}87`, 'regtest')?.type).toBe('scripthash');
    expect(destinationFromScript('', 'regtest')).toBeUndefined();
    expect(destinationFromScript('6a24aa21a9ed', 'regtest')).toBeUndefined();
  });

  it('refuses a malformed pubkey', () => {
    expect(() => addressFromPubkey('05ab', 'regtest')).toThrow(/not a public key/);
  });
});
