import type { NetworkName } from '@ppm/chain';
import { destinationFromScript } from '@ppm/chain';
import type { StoredTx, Utxo } from './chain-types';
import { p2pkhScriptSig, p2pkScriptSig, type SimKey } from './keys';
import { encodeTx, type Tx } from './tx-codec';

/** qtumd's minimum relay / fallback fee: 400 sat per vbyte. */
export const FEE_RATE_SAT_PER_VB = 400n;
/** Dust threshold of a P2PKH output at 400 sat/vB (182 bytes). */
export const DUST_SATS = 72_800n;
/** Sequence of a BIP125-signalling input (wallet default). */
export const SEQUENCE_RBF = 0xfffffffd;

/** Wraps an encoded tx as a stored one. */
export function storedTx(tx: Tx, flags: { isCoinbase?: boolean; isCoinstake?: boolean } = {}): StoredTx {
  return { ...encodeTx(tx), isCoinbase: flags.isCoinbase ?? false, isCoinstake: flags.isCoinstake ?? false };
}

/** Signs input `index` of `tx` (deterministic fake signature) for an output script owned by `key`. */
export function signInput(tx: Tx, index: number, prevScript: string, key: SimKey): void {
  const input = tx.vin[index];
  if (!input) return;
  const msg = `${input.prevTxid}:${input.prevVout}:${tx.vout.length}:${tx.vout[0]?.value ?? 0n}`;
  input.scriptSig = prevScript === key.p2pkScript ? p2pkScriptSig(key, msg) : p2pkhScriptSig(key, msg);
}

/** Estimated signed size of a legacy tx with these inputs/outputs (P2PKH scriptSig 106 bytes, P2PK 72). */
export function estimateSize(inputs: readonly { script: string }[], outputScripts: readonly string[]): number {
  // Counts are varints (1 byte below 253, 3 bytes below 65,536): 2,500 outputs take 3. Signatures are sized at
  // their maximum (73 bytes with the hash type), as qtumd's wallet does, so the fee rate holds after signing.
  const varint = (n: number) => (n < 253 ? 1 : n < 0x10000 ? 3 : 5);
  let size = 4 + varint(inputs.length) + varint(outputScripts.length) + 4;
  for (const i of inputs) size += 32 + 4 + 1 + (i.script.length === 70 ? 74 : 108) + 4;
  for (const s of outputScripts) size += 8 + 1 + s.length / 2;
  return size;
}

/** Outcome of coin selection. */
export type Selection = { ok: true; inputs: Utxo[]; fee: bigint; change: bigint } | { ok: false };

/**
 * Picks coins for `target` paying `feeRate` sat/vB: the smallest single coin that covers it, else the largest
 * coins first. Change below dust is given to the fee.
 */
export function selectCoins(candidates: readonly Utxo[], target: bigint, outputScripts: readonly string[], changeScript: string, feeRate = FEE_RATE_SAT_PER_VB): Selection {
  const feeFor = (ins: readonly Utxo[], withChange: boolean) => BigInt(estimateSize(ins, withChange ? [...outputScripts, changeScript] : outputScripts)) * feeRate;
  const sorted = [...candidates].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.key < b.key ? -1 : 1));
  const single = sorted.find((u) => u.value >= target + feeFor([u], true) + DUST_SATS || u.value === target + feeFor([u], false));
  const chosen: Utxo[] = [];
  if (single) chosen.push(single);
  else {
    let sum = 0n;
    for (let i = sorted.length - 1; i >= 0 && sum < target + feeFor(chosen, true); i--) {
      const u = sorted[i] as Utxo;
      chosen.push(u);
      sum += u.value;
    }
  }
  const total = chosen.reduce((s, u) => s + u.value, 0n);
  const feeWith = feeFor(chosen, true);
  if (total >= target + feeWith && total - target - feeWith >= DUST_SATS) return { ok: true, inputs: chosen, fee: feeWith, change: total - target - feeWith };
  const feeWithout = feeFor(chosen, false);
  if (total >= target + feeWithout) return { ok: true, inputs: chosen, fee: total - target, change: 0n };
  return { ok: false };
}

/** Builds and signs a tx spending `inputs` (all owned by `keyOf`) to `outputs`, change to `changeScript`. */
export function buildSignedTx(
  inputs: readonly Utxo[], outputs: readonly { script: string; value: bigint }[], change: bigint, changeScript: string,
  keyOf: (u: Utxo) => SimKey | undefined, sequence = SEQUENCE_RBF,
): Tx {
  const tx: Tx = {
    version: 2,
    vin: inputs.map((u) => ({ prevTxid: u.txid, prevVout: u.n, scriptSig: '', sequence })),
    vout: outputs.map((o) => ({ value: o.value, script: o.script })),
    locktime: 0,
  };
  if (change > 0n) tx.vout.push({ value: change, script: changeScript });
  inputs.forEach((u, i) => {
    const k = keyOf(u);
    if (k) signInput(tx, i, u.script, k);
  });
  return tx;
}

/** The hash160 an output script pays, if standard. */
export function scriptHash160(script: string, network: NetworkName): string | undefined {
  return destinationFromScript(script, network)?.hash160Hex;
}
