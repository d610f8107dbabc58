/**
 * Network-fee estimate for a payout transaction. The signer decides the real fee (the wallet's coin selection);
 * this estimate is what the dry run shows the operator and what the plan's totals include.
 */

/** qtumd's fallback / minimum relay fee rate on every network we run on, in satoshis per virtual byte. */
export const FEE_RATE_SATS_PER_VBYTE = 400n;

/**
 * Value of one typical wallet input. The super staker keeps its coins split into UTXOs of 100-200 QTUM
 * (`splitutxosforaddress`), so a payout spends about one input per 100 QTUM paid.
 */
export const TYPICAL_INPUT_SATS = 10_000_000_000n;

/** Legacy P2PKH sizes: ~10 bytes of header, 148 per signed input, 34 per output. */
export function estimateTxBytes(inputs: number, outputs: number): number {
  return 10 + 148 * inputs + 34 * outputs;
}

/** Inputs a batch paying `totalSats` is expected to spend (at least one). */
export function estimateInputs(totalSats: bigint): number {
  const n = (totalSats + TYPICAL_INPUT_SATS - 1n) / TYPICAL_INPUT_SATS;
  return n < 1n ? 1 : Number(n);
}

/**
 * The payout-root commitment every payout tx carries (docs/provable-payouts.md): value (8) + script length (1)
 * + OP_RETURN, push 36, "PPM1" + 32-byte root (38).
 */
export const ROOT_OUTPUT_BYTES = 47;

/**
 * Estimated fee of one batch: its outputs, one change output and the root commitment, at
 * {@link FEE_RATE_SATS_PER_VBYTE}.
 */
export function estimateBatchFeeSats(outputs: number, totalSats: bigint): bigint {
  return BigInt(estimateTxBytes(estimateInputs(totalSats), outputs + 1) + ROOT_OUTPUT_BYTES) * FEE_RATE_SATS_PER_VBYTE;
}

/**
 * Byte budget of one payout transaction. qtumd refuses a transaction over 100,000 vB as non-standard
 * (weight 400,000) and `fundrawtransaction` answers "Transaction too large"; the budget keeps 1,000 vB of
 * headroom for an OP_RETURN output and the rounding of the input estimate.
 */
export const MAX_BATCH_VBYTES = 99_000;

/** Estimated size of a batch of `outputs` paying `totalSats`: its inputs, outputs and one change output. */
export function estimateBatchBytes(outputs: number, totalSats: bigint): number {
  return estimateTxBytes(estimateInputs(totalSats), outputs + 1);
}
