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
 * that never delegated cannot be owed anything by the pool.
 */
export async function checkRecipientsDelegated(
  hashes: ReadonlyMap<string, string>,
  stakerHash160: string,
  wallet: Pick<WalletPort, 'delegationEvents'>,
): Promise<void> {
  const events = await wallet.delegationEvents(stakerHash160.toLowerCase());
  const delegated = new Set(
    events.filter((e) => e.type === 'add' && e.stakerHash160.toLowerCase() === stakerHash160.toLowerCase())
      .map((e) => e.delegateHash160.toLowerCase()),
  );
  for (const [address, hash] of hashes) {
    if (!delegated.has(hash)) {
      throw new SignerRefusal('denied', `recipient ${address} has never delegated to the pool's staker`);
    }
  }
}
