import { destinationFromScript, qtumNumber } from '@ppm/chain';
import type { ChainState } from './chain-state';
import type { SimBlock, StoredTx } from './chain-types';
import { outpointKey } from './chain-types';
import { scriptAsm, scriptPubKeyJson } from './script-json';
import type { TxIn } from './tx-codec';

/** Which qtumd writer to imitate. */
export type TxJsonMode =
  /** getblock verbosity 2 (TxToUniv, `fee` on ordinary txs). */
  | 'block'
  /** getblock verbosity 3 (adds vin[].prevout). */
  | 'block-prevout'
  /** decoderawtransaction (no hex, no fee). */
  | 'decode'
  /** getrawtransaction verbose with -addrindex (TxToJSONExpanded). */
  | 'expanded';

function vinJson(state: ChainState, i: TxIn, mode: TxJsonMode): Record<string, unknown> {
  if (i.prevTxid === '0'.repeat(64) && i.prevVout === 0xffffffff) {
    return { coinbase: i.scriptSig, txinwitness: i.witness && i.witness.length > 0 ? i.witness : undefined, sequence: i.sequence };
  }
  const out: Record<string, unknown> = { txid: i.prevTxid, vout: i.prevVout, scriptSig: { asm: scriptAsm(i.scriptSig, true), hex: i.scriptSig } };
  if (i.witness && i.witness.length > 0) out.txinwitness = i.witness;
  const prev = mode === 'block-prevout' || mode === 'expanded' ? state.findOutput(i.prevTxid, i.prevVout) : undefined;
  if (mode === 'block-prevout' && prev) {
    out.prevout = { generated: prev.generated, height: prev.height, value: qtumNumber(prev.value), scriptPubKey: scriptPubKeyJson(prev.script, state.network) };
  }
  if (mode === 'expanded' && prev) {
    out.value = qtumNumber(prev.value);
    out.valueSat = prev.value;
    const d = destinationFromScript(prev.script, state.network);
    if (d) out.address = d.address;
  }
  out.sequence = i.sequence;
  return out;
}

/** A transaction as qtumd writes it in `mode`; `block` is where it was mined (for expanded fields). */
export function txJson(state: ChainState, stx: StoredTx, mode: TxJsonMode, block?: SimBlock): Record<string, unknown> {
  const out: Record<string, unknown> = {
    txid: stx.txid, hash: stx.hash, version: stx.tx.version, size: stx.size, vsize: stx.vsize, weight: stx.weight, locktime: stx.tx.locktime,
    vin: stx.tx.vin.map((i) => vinJson(state, i, mode)),
    vout: stx.tx.vout.map((o, n) => {
      const base: Record<string, unknown> = { value: qtumNumber(o.value) };
      if (mode === 'expanded') base.valueSat = o.value;
      base.n = n;
      base.scriptPubKey = scriptPubKeyJson(o.script, state.network);
      if (mode === 'expanded') {
        const k = outpointKey(stx.txid, n);
        const spent = state.spentIndex.get(k);
        const mem = spent ? undefined : state.mempool.spender(k);
        if (spent) Object.assign(base, { spentTxId: spent.txid, spentIndex: spent.index, spentHeight: spent.height });
        else if (mem) {
          const idx = state.mempool.get(mem)?.tx.tx.vin.findIndex((i) => i.prevTxid === stx.txid && i.prevVout === n) ?? 0;
          Object.assign(base, { spentTxId: mem, spentIndex: idx, spentHeight: -1 });
        }
      }
      return base;
    }),
  };
  if ((mode === 'block' || mode === 'block-prevout') && !stx.isCoinbase && !stx.isCoinstake) out.fee = qtumNumber(state.txFee(stx));
  if (mode !== 'decode') out.hex = stx.hex;
  if (mode === 'expanded' && block) {
    const onMain = state.blocks[block.height]?.hash === block.hash;
    // qtumd 27.1 (TxToJSON + TxToJSONExpanded): a tx whose block left the active chain keeps its blockhash with
    // confirmations 0 and height -1, and no times.
    Object.assign(out, onMain
      ? { blockhash: block.hash, confirmations: state.height - block.height + 1, time: block.time, blocktime: block.time, height: block.height }
      : { blockhash: block.hash, confirmations: 0, height: -1 });
  }
  return out;
}
