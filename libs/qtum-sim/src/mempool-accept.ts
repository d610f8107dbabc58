import { formatQtum, destinationFromScript } from '@ppm/chain';
import type { ChainState } from './chain-state';
import type { StoredTx } from './chain-types';
import { outpointKey } from './chain-types';
import { MATURITY } from './block-factory';
import { RPC, RpcError } from './rpc-error';
import { DUST_SATS, FEE_RATE_SAT_PER_VB } from './tx-builder';

/** Default `maxfeerate` of sendrawtransaction: 1 QTUM/kvB = 100,000 sat/vB. */
export const MAX_FEE_RATE_SAT_PER_VB = 100_000n;

function signalsRbf(tx: StoredTx): boolean {
  return tx.tx.vin.some((i) => i.sequence < 0xfffffffe);
}

/**
 * Checks `stx` like qtumd's AcceptToMemoryPool (the subset a payout manager meets) and adds it.
 * Returns without change when it is already in the mempool.
 */
export function acceptToMempool(state: ChainState, stx: StoredTx, now: number, maxFeeRate = MAX_FEE_RATE_SAT_PER_VB): void {
  if (state.mempool.has(stx.txid)) return;
  // qtumd 27.1 (node/transaction.cpp BroadcastTransaction): "already in block chain" only while one of the tx's
  // outputs is still in the UTXO set. A mined tx whose outputs are all spent falls through to the input check
  // and gets -25 bad-txns-inputs-missingorspent, exactly like a tx whose inputs another tx spent.
  if (stx.tx.vout.some((_, n) => state.utxos.has(outpointKey(stx.txid, n)))) {
    throw new RpcError(RPC.VERIFY_ALREADY_IN_CHAIN, 'Transaction already in block chain');
  }
  if (stx.tx.vin.length === 0) throw new RpcError(RPC.VERIFY_REJECTED, 'bad-txns-vin-empty');
  if (stx.tx.vout.length === 0) throw new RpcError(RPC.VERIFY_REJECTED, 'bad-txns-vout-empty');
  let inSum = 0n;
  const conflicts = new Set<string>();
  const nextHeight = state.height + 1;
  for (const i of stx.tx.vin) {
    const k = outpointKey(i.prevTxid, i.prevVout);
    const spender = state.mempool.spender(k);
    if (spender) conflicts.add(spender);
    const u = state.utxos.get(k);
    let value: bigint | undefined = u?.value;
    if (u && (u.isCoinbase || u.isCoinstake) && nextHeight - u.height < MATURITY) {
      throw new RpcError(RPC.VERIFY_REJECTED, `bad-txns-premature-spend-of-coinbase, tried to spend coinbase at depth ${nextHeight - u.height}`);
    }
    if (value === undefined) value = state.mempool.get(i.prevTxid)?.tx.tx.vout[i.prevVout]?.value;
    if (value === undefined) throw new RpcError(RPC.VERIFY_ERROR, 'bad-txns-inputs-missingorspent');
    inSum += value;
  }
  for (const i of stx.tx.vin) {
    if (i.scriptSig === '') throw new RpcError(RPC.VERIFY_REJECTED, 'mandatory-script-verify-flag-failed (Operation not valid with the current stack size)');
  }
  const outSum = stx.tx.vout.reduce((s, o) => s + o.value, 0n);
  if (outSum > inSum) throw new RpcError(RPC.VERIFY_ERROR, `bad-txns-in-belowout, value in (${inSum}) < value out (${outSum})`);
  for (const o of stx.tx.vout) {
    if (destinationFromScript(o.script, state.network) && o.value < DUST_SATS) throw new RpcError(RPC.VERIFY_REJECTED, 'dust');
  }
  const fee = inSum - outSum;
  const minFee = BigInt(stx.vsize) * FEE_RATE_SAT_PER_VB;
  if (fee < minFee) throw new RpcError(RPC.VERIFY_REJECTED, `min relay fee not met, ${fee} < ${minFee}`);
  if (maxFeeRate > 0n && fee > BigInt(stx.vsize) * maxFeeRate) {
    throw new RpcError(RPC.VERIFY_ERROR, 'Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)');
  }
  for (const c of conflicts) {
    const old = state.mempool.get(c);
    if (!old) continue;
    if (!signalsRbf(old.tx)) throw new RpcError(RPC.VERIFY_REJECTED, 'txn-mempool-conflict');
    if (fee <= old.fee) {
      // qtumd's FormatMoney without trailing zeros ("0.0009 < 0.001036"), from the integer: no float.
      const f = (v: bigint) => formatQtum(v).replace(/\.?0+$/, '');
      throw new RpcError(RPC.VERIFY_REJECTED, `insufficient fee, rejecting replacement ${stx.txid}, less fees than conflicting txs; ${f(fee)} < ${f(old.fee)}`);
    }
  }
  for (const c of conflicts) state.mempool.remove(c);
  state.mempool.add({ tx: stx, fee, time: now, height: state.height });
}
