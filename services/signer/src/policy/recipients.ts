import { AddressError, decodeAddress, type NetworkName, type PlanOutput } from '@ppm/chain';
import { SignerRefusal } from '../signing/refusal';
import type { WalletPort } from '../wallet/wallet-port';

/** Every recipient must be a P2PKH address of the signer's network (delegates are P2PKH). No node call. */
export function checkRecipientAddresses(outputs: readonly PlanOutput[], network: NetworkName): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const o of outputs) {
    try {
      const d = decodeAddress(o.address, network);
      if (d.kind !== 'p2pkh') throw new SignerRefusal('denied', `recipient ${o.address} is not a P2PKH address (delegates are P2PKH)`);
      hashes.set(o.address, d.hash160Hex.toLowerCase());
    } catch (err) {
      if (err instanceof AddressError) throw new SignerRefusal('denied', `recipient refused: ${err.message}`);
      throw err;
    }
  }
  return hashes;
}

/**
 * Every recipient must have delegated to the staker at some point ("ever delegated to S", from the node's own
 * event log, not from the caller): a delegate who has since left may still be owed a balance, but an address
 * that never delegated cannot be owed anything by the pool. Returns each recipient's first delegation height
 * (hash160 -> block of its first AddDelegation naming S), which bounds what it can be owed.
 */
export async function checkRecipientsDelegated(
  hashes: ReadonlyMap<string, string>,
  stakerHash160: string,
  wallet: Pick<WalletPort, 'delegationEvents'>,
): Promise<Map<string, number>> {
  const events = await wallet.delegationEvents(stakerHash160.toLowerCase());
  const first = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'add' || e.stakerHash160.toLowerCase() !== stakerHash160.toLowerCase()) continue;
    const d = e.delegateHash160.toLowerCase();
    const seen = first.get(d);
    if (seen === undefined || e.blockNumber < seen) first.set(d, e.blockNumber);
  }
  const out = new Map<string, number>();
  for (const [address, hash] of hashes) {
    const h = first.get(hash);
    if (h === undefined) throw new SignerRefusal('denied', `recipient ${address} has never delegated to the pool's staker`);
    out.set(hash, h);
  }
  return out;
}
