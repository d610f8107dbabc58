import { p2pkhScriptHex } from '@ppm/chain';
import { SignerRefusal } from '../signing/refusal';
import type { DecodedTx } from './wallet-port';

/** An output the batch expects: its script (P2PKH of the recipient) and amount. */
export interface ExpectedOutput {
  readonly address: string;
  readonly hash160Hex: string;
  readonly amountSats: bigint;
}

/**
 * Checks that `tx` pays exactly the batch: each expected output once (script and amount), plus at most one
 * output to the staker's P2PKH (the change), exactly one zero-value OP_RETURN output whose script is
 * `rootScriptHex` (the plan's payout root commitment), and nothing else. Returns the change in satoshis. The
 * node built the transaction; the signer believes only what it decodes.
 */
export function verifyPaysExactly(tx: DecodedTx, expected: readonly ExpectedOutput[], stakerHash160: string, rootScriptHex: string): bigint {
  const wanted = new Map<string, bigint>(expected.map((o) => [p2pkhScriptHex(o.hash160Hex), o.amountSats]));
  const changeScript = p2pkhScriptHex(stakerHash160);
  const rootScript = rootScriptHex.toLowerCase();
  let change: bigint | undefined;
  let committed = false;
  for (const [n, out] of tx.outputs.entries()) {
    const script = out.scriptHex.toLowerCase();
    if (script === rootScript && out.valueSats === 0n && !committed) {
      committed = true;
      continue;
    }
    const amount = wanted.get(script);
    if (amount !== undefined && amount === out.valueSats) {
      wanted.delete(script);
      continue;
    }
    if (script === changeScript && change === undefined) {
      change = out.valueSats;
      continue;
    }
    throw new SignerRefusal('internal', `the node built tx ${tx.txid} with an unexpected output ${n} (${out.valueSats} sat to script ${script}); not signing it`);
  }
  if (!committed) throw new SignerRefusal('internal', `the node built tx ${tx.txid} without the payout root output ${rootScript}; not signing it`);
  if (wanted.size > 0) {
    const missing = expected.filter((o) => wanted.has(p2pkhScriptHex(o.hash160Hex))).map((o) => o.address);
    throw new SignerRefusal('internal', `the node built tx ${tx.txid} without the outputs to ${missing.join(', ')}; not signing it`);
  }
  return change ?? 0n;
}

/** Fee-rate bounds in sat/vB (PPM_SIGNER_MIN_FEE_RATE / PPM_SIGNER_MAX_FEE_RATE). */
export interface FeeRateBounds {
  readonly minSatPerVb: number;
  readonly maxSatPerVb: number;
}

/**
 * Checks fee / vsize within the bounds, in integers (fee >= min * vsize and fee <= max * vsize). On the unsigned
 * funded tx the vsize is smaller than the signed one, so the upper bound checked there already holds after
 * signing; both bounds are checked again on the signed tx.
 */
export function checkFeeRate(feeSats: bigint, vsize: number, bounds: FeeRateBounds, stage: string): void {
  const v = BigInt(vsize);
  if (vsize <= 0 || feeSats < BigInt(bounds.minSatPerVb) * v || feeSats > BigInt(bounds.maxSatPerVb) * v) {
    throw new SignerRefusal('precondition',
      `${stage}: fee ${feeSats} sat for ${vsize} vB is outside ${bounds.minSatPerVb}-${bounds.maxSatPerVb} sat/vB; not signing`);
  }
}
