import { decodeAddress, qtumNumber, SATS_PER_QTUM } from '@ppm/chain';
import type { Utxo } from './chain-types';
import { outpointKey } from './chain-types';
import { acceptToMempool } from './mempool-accept';
import { decodeOrThrow, parseOutputs } from './rawtx.rpc';
import { amountArg, boolArg, intArg, objArg, strArg } from './rpc-args';
import { RPC, RpcError } from './rpc-error';
import { labelledBytes } from './rng';
import type { MethodTable, SimContext } from './rpc-types';
import { DUST_SATS, FEE_RATE_SAT_PER_VB, selectCoins, signInput, storedTx } from './tx-builder';
import type { Tx, TxOut } from './tx-codec';

/** -maxtxfee default: 1 QTUM. */
const MAX_TX_FEE_SATS = SATS_PER_QTUM;
/** MAX_STANDARD_TX_WEIGHT / 4 for a legacy tx. */
const MAX_TX_BYTES = 100_000;

/** Coins the wallet may fund with: mature, not locked, not already inputs of `tx`. */
function fundingCoins(ctx: SimContext, exclude: ReadonlySet<string>): Utxo[] {
  return ctx.wallet.coins().filter((c) => !ctx.wallet.lockedCoins.has(c.utxo.key) && !exclude.has(c.utxo.key)).map((c) => c.utxo);
}

/** Deterministic shuffle (qtumd shuffles recipients randomly; tests want repeatable txs). */
function shuffle<T>(items: T[], label: string): T[] {
  const r = labelledBytes(label, items.length * 4 + 4);
  for (let i = items.length - 1; i > 0; i--) {
    const j = r.readUInt32LE(i * 4) % (i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

interface Funded {
  tx: Tx;
  fee: bigint;
  changepos: number;
  inputs: Utxo[];
}

/** Adds inputs and change to `tx` (CreateTransaction's coin selection); throws `err(message)` on failure. */
function fund(ctx: SimContext, tx: Tx, opts: { changeScript: string; feeRate: bigint; sequence: number; changePos?: number }, err: (m: string) => RpcError): Funded {
  const s = ctx.chain.state;
  const preset: Utxo[] = [];
  for (const i of tx.vin) {
    const o = s.findOutput(i.prevTxid, i.prevVout);
    if (!o) throw err('Insufficient funds');
    preset.push({ key: outpointKey(i.prevTxid, i.prevVout), txid: i.prevTxid, n: i.prevVout, value: o.value, script: o.script, height: o.height, isCoinbase: false, isCoinstake: false });
  }
  const target = tx.vout.reduce((a, o) => a + o.value, 0n) - preset.reduce((a, u) => a + u.value, 0n);
  const sel = selectCoins(fundingCoins(ctx, new Set(preset.map((u) => u.key))), target > 0n ? target : 0n, tx.vout.map((o) => o.script), opts.changeScript, opts.feeRate);
  if (!sel.ok) throw err('Insufficient funds');
  const vin = [...tx.vin, ...sel.inputs.map((u) => ({ prevTxid: u.txid, prevVout: u.n, scriptSig: '', sequence: opts.sequence }))];
  const vout = [...tx.vout];
  let changepos = -1;
  if (sel.change > 0n) {
    changepos = opts.changePos !== undefined && opts.changePos >= 0 && opts.changePos <= vout.length ? opts.changePos : labelledBytes(`changepos/${vin.map((i) => i.prevTxid).join()}`, 4).readUInt32LE(0) % (vout.length + 1);
    vout.splice(changepos, 0, { value: sel.change, script: opts.changeScript });
  }
  return { tx: { ...tx, vin, vout }, fee: sel.fee, changepos, inputs: [...preset, ...sel.inputs] };
}

/** Signs every input whose coin the wallet owns; returns how many were left unsigned. */
function signAll(ctx: SimContext, tx: Tx): { txid: string; vout: number; scriptSig: string; sequence: number; error: string }[] {
  const errors: { txid: string; vout: number; scriptSig: string; sequence: number; error: string }[] = [];
  tx.vin.forEach((i, n) => {
    const prev = ctx.chain.state.findOutput(i.prevTxid, i.prevVout);
    const key = prev && ctx.wallet.keyForScript(prev.script);
    if (prev && key) signInput(tx, n, prev.script, key);
    else errors.push({ txid: i.prevTxid, vout: i.prevVout, scriptSig: i.scriptSig, sequence: i.sequence, error: 'Input not found or already spent' });
  });
  return errors;
}

function changeScriptFrom(ctx: SimContext, address: string | undefined): string {
  if (address === undefined) return ctx.wallet.newChangeKey().p2pkhScript;
  try {
    const d = decodeAddress(address, ctx.chain.network);
    return d.kind === 'p2pkh' ? `76a914${d.hash160Hex}88ac` : `a914${d.hash160Hex}87`;
  } catch {
    throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Change address must be a valid qtum address');
  }
}

/** fundrawtransaction, signrawtransactionwithwallet, sendmany. */
export const walletSpendMethods: MethodTable = {
  fundrawtransaction: {
    params: [{ name: 'hexstring', type: 'string' }, { name: 'options', type: 'any', optional: true }, { name: 'iswitness', type: 'bool', optional: true }],
    wallet: true,
    run: ([hex, options], ctx) => {
      const tx = decodeOrThrow(strArg(hex));
      const o = objArg(options);
      const feeRate = o.fee_rate !== undefined ? amountArg(o.fee_rate) / SATS_PER_QTUM : o.feeRate !== undefined ? amountArg(o.feeRate) / 1000n : FEE_RATE_SAT_PER_VB;
      const f = fund(ctx, tx, {
        changeScript: changeScriptFrom(ctx, typeof o.changeAddress === 'string' ? o.changeAddress : undefined),
        feeRate: feeRate > 0n ? feeRate : FEE_RATE_SAT_PER_VB,
        sequence: boolArg(o.replaceable, true) ? 0xfffffffd : 0xfffffffe,
        ...(o.changePosition !== undefined ? { changePos: intArg(o.changePosition, -1) } : {}),
      }, (m) => new RpcError(RPC.WALLET, m));
      if (boolArg(o.lockUnspents, false)) for (const u of f.inputs) ctx.wallet.lockedCoins.add(u.key);
      return { hex: storedTx(f.tx).hex, fee: qtumNumber(f.fee), changepos: f.changepos };
    },
  },
  signrawtransactionwithwallet: {
    params: [{ name: 'hexstring', type: 'string' }, { name: 'prevtxs', type: 'array', optional: true }, { name: 'sighashtype', type: 'string', optional: true }],
    wallet: true,
    run: ([hex], ctx) => {
      const tx = decodeOrThrow(strArg(hex));
      ctx.wallet.requireUnlocked();
      const errors = signAll(ctx, tx);
      const out: Record<string, unknown> = { hex: storedTx(tx).hex, complete: errors.length === 0 };
      if (errors.length > 0) out.errors = errors.map((e) => ({ txid: e.txid, vout: e.vout, witness: [], scriptSig: e.scriptSig, sequence: e.sequence, error: e.error }));
      return out;
    },
  },
  sendmany: {
    params: [
      { name: 'dummy', type: 'string' }, { name: 'amounts', type: 'object' }, { name: 'minconf', type: 'number', optional: true },
      { name: 'comment', type: 'string', optional: true }, { name: 'subtractfeefrom', type: 'array', optional: true }, { name: 'replaceable', type: 'bool', optional: true },
      { name: 'conf_target', type: 'number', optional: true }, { name: 'estimate_mode', type: 'string', optional: true }, { name: 'fee_rate', type: 'amount', optional: true },
      { name: 'verbose', type: 'bool', optional: true },
    ],
    wallet: true,
    run: ([dummy, amounts, , comment, , replaceable, confTarget, estimateMode, feeRateArg, verbose], ctx) => {
      if (strArg(dummy) !== '') throw new RpcError(RPC.INVALID_PARAMETER, 'Dummy value must be set to ""');
      const outs: TxOut[] = parseOutputs(amounts, ctx);
      if (confTarget !== undefined && (estimateMode === undefined || estimateMode === 'unset') && feeRateArg !== undefined) {
        throw new RpcError(RPC.INVALID_PARAMETER, 'Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.');
      }
      const feeRate = feeRateArg !== undefined ? amountArg(feeRateArg) / SATS_PER_QTUM : FEE_RATE_SAT_PER_VB;
      ctx.wallet.requireUnlocked();
      const err = (m: string) => new RpcError(RPC.INSUFFICIENT_FUNDS, m);
      if (outs.length === 0) throw err('Transaction must have at least one recipient');
      // OP_RETURN outputs are unspendable, never dust (IsDust); a "data" key gives one.
      if (outs.some((o) => !o.script.startsWith('6a') && o.value < DUST_SATS)) throw err('Transaction amount too small');
      const shuffled = shuffle([...outs], `sendmany/${ctx.chain.state.height}/${ctx.wallet.txMeta.size}`);
      const f = fund(ctx, { version: 2, vin: [], vout: shuffled, locktime: ctx.chain.state.height }, {
        changeScript: ctx.wallet.newChangeKey().p2pkhScript, feeRate, sequence: boolArg(replaceable, true) ? 0xfffffffd : 0xfffffffe,
      }, err);
      signAll(ctx, f.tx);
      const stx = storedTx(f.tx);
      if (stx.size > MAX_TX_BYTES) throw err('Transaction too large');
      if (f.fee > MAX_TX_FEE_SATS) throw err('Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)');
      acceptToMempool(ctx.chain.state, stx, ctx.chain.clock.now());
      ctx.wallet.txMeta.set(stx.txid, { ...(typeof comment === 'string' && comment !== '' ? { comment } : {}), time: ctx.chain.clock.now() });
      return boolArg(verbose, false) ? { txid: stx.txid, fee_reason: feeRateArg !== undefined ? 'User-specified feerate' : 'Fallback fee' } : stx.txid;
    },
  },
};
