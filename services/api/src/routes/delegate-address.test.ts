import { encodeAddress } from '@ppm/chain';
import { HttpError } from '../http-error';
import { parseDelegateAddress } from './delegate-address';

const good = encodeAddress('ab'.repeat(20), 'regtest');

function failure(text: string): HttpError {
  try {
    parseDelegateAddress(text, 'regtest');
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error(`${text} was accepted`);
}

test('a regtest P2PKH address is accepted (surrounding spaces trimmed)', () => {
  expect(parseDelegateAddress(` ${good} `, 'regtest')).toBe(good);
});

test.each([
  ['bad checksum', `${good.slice(0, -1)}${good.endsWith('x') ? 'y' : 'x'}`, /is not a valid regtest address: bad checksum/],
  ['too short', 'qXYZ', /^qXYZ is not a valid regtest address: not a Qtum address/],
  ['not base58', `${good.slice(0, -1)}0`, /is not a valid regtest address: not base58/],
  ['mainnet', encodeAddress('ab'.repeat(20), 'mainnet'), /is not a valid regtest address: .*it is for mainnet/],
  ['p2sh', encodeAddress('ab'.repeat(20), 'regtest', 'p2sh'), /delegates are P2PKH addresses, this is p2sh/],
])('%s is a 400 that says why', (_name, text, message) => {
  const err = failure(text);
  expect(err.statusCode).toBe(400);
  expect(err.code).toBe('bad_request');
  expect(err.message).toMatch(message);
});
