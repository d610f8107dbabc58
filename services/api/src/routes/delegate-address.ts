import { AddressError, decodeAddress, type NetworkName } from '@ppm/chain';
import { HttpError } from '../http-error';

/**
 * Validates a delegate address from a URL for `network`. Delegates are P2PKH addresses (DESIGN rule 4/5);
 * anything else is a 400 whose message says what is wrong, so a delegate who mistyped one character learns
 * that the checksum failed rather than "not found".
 */
export function parseDelegateAddress(text: string, network: NetworkName): string {
  const address = text.trim();
  let kind: string;
  try {
    kind = decodeAddress(address, network).kind;
  } catch (err) {
    if (err instanceof AddressError) throw new HttpError(400, 'bad_request', `${address} is not a valid ${network} address: ${err.message}`);
    throw err;
  }
  if (kind !== 'p2pkh') throw new HttpError(400, 'bad_request', `${address} is not a valid ${network} delegate address: delegates are P2PKH addresses, this is ${kind}`);
  return address;
}
