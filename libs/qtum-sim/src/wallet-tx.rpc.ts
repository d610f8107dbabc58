import { destinationFromScript, qtumNumber } from '@ppm/chain';
import { intArg, strArg } from './rpc-args';
import { RPC, RpcError } from './rpc-error';
import type { MethodTable, SimContext } from './rpc-types';

/** gettransaction as the staker wallet sees it (coinstake quirks, sends with negative amount/fee). */
function walletTx(ctx: SimContext, txid: string): Record<string, unknown> {
  const s = ctx.chain.state;
  const found = s.findTx(txid);
  if (!found) throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Invalid or non-wallet transaction id');
  const { tx, block, index } = found;
  const w = ctx.wallet;
  let debit = 0n;
  let inSum = 0n;
  for (const i of tx.tx.vin) {
    const prev = s.findOutput(i.prevTxid, i.prevVout);
    if (!prev) continue;
    inSum += prev.value;
    if (w.keyForScript(prev.script)) debit += prev.value;
  }
  const outSum = tx.tx.vout.reduce((a, o) => a + o.value, 0n);
  const credit = tx.tx.vout.reduce((a, o) => a + (w.keyForScript(o.script) ? o.value : 0n), 0n);
  if (debit === 0n && credit === 0n) throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Invalid or non-wallet transaction id');
  const confirmations = block ? s.height - block.height + 1 : 0;
  const meta = w.txMeta.get(txid);
  const time = meta?.time ?? block?.time ?? ctx.chain.clock.now();
  const generated = tx.isCoinbase || tx.isCoinstake;
  let amount: bigint;
  let fee: bigint | undefined;
  const details: Record<string, unknown>[] = [];
  if (tx.isCoinstake) {
    amount = credit - debit;
    fee = outSum - debit;
    details.push({ category: 'send', amount: qtumNumber(0n), vout: 0, fee: qtumNumber(fee), abandoned: false });
  } else if (debit > 0n) {
    fee = -(inSum - outSum);
    amount = -(outSum - credit);
    tx.tx.vout.forEach((o, n) => {
      if (w.keyForScript(o.script)) return;
      const d = destinationFromScript(o.script, s.network);
      details.push({ address: d && d.type !== 'pubkey' ? d.address : undefined, category: 'send', amount: qtumNumber(-o.value), vout: n, fee: qtumNumber(fee ?? 0n), abandoned: false });
    });
  } else {
    amount = credit;
    tx.tx.vout.forEach((o, n) => {
      const k = w.keyForScript(o.script);
      if (!k) return;
      const category = generated ? (confirmations > 2000 ? 'generate' : confirmations > 0 ? 'immature' : 'orphan') : 'receive';
      details.push({ address: o.script === k.p2pkScript ? undefined : k.address, category, amount: qtumNumber(o.value), label: k === w.staker ? '' : undefined, vout: n, abandoned: generated ? false : undefined });
    });
  }
  const rbf = !block && tx.tx.vin.some((i) => i.sequence < 0xfffffffe);
  return {
    amount: qtumNumber(amount), fee: fee !== undefined ? qtumNumber(fee) : undefined, confirmations, generated: generated ? true : undefined,
    trusted: block ? undefined : true, blockhash: block?.hash, blockheight: block?.height, blockindex: index, blocktime: block?.time,
    txid, wtxid: tx.hash, walletconflicts: [], time, timereceived: time, 'bip125-replaceable': rbf ? 'yes' : 'no', comment: meta?.comment,
    details, hex: tx.hex, lastprocessedblock: { hash: s.tip.hash, height: s.height },
  };
}

/** Txids touching the wallet (its addresses' index entries and the mempool), oldest first. */
function walletTxids(ctx: SimContext): string[] {
  const s = ctx.chain.state;
  const seen = new Map<string, number>();
  for (const h of ctx.wallet.hash160s()) {
    for (const d of s.deltas.get(h) ?? []) if (!seen.has(d.txid)) seen.set(d.txid, d.height * 100_000 + d.blockindex);
  }
  for (const e of s.mempool.all()) {
    if (seen.has(e.tx.txid)) continue;
    const mine = e.tx.tx.vout.some((o) => ctx.wallet.keyForScript(o.script)) || e.tx.tx.vin.some((i) => {
      const prev = s.findOutput(i.prevTxid, i.prevVout);
      return prev !== undefined && ctx.wallet.keyForScript(prev.script) !== undefined;
    });
    if (mine) seen.set(e.tx.txid, Number.MAX_SAFE_INTEGER);
  }
  return [...seen.entries()].sort((a, b) => a[1] - b[1]).map(([t]) => t);
}

/** listtransactions entries of one wallet tx: the detail fields, then the tx fields (qtumd's order). */
function listEntries(ctx: SimContext, txid: string): Record<string, unknown>[] {
  const w = walletTx(ctx, txid);
  const details = w.details as Record<string, unknown>[];
  return details.map((d) => {
    const send = d.category === 'send';
    return {
      address: d.address, category: d.category, amount: d.amount, label: d.label, vout: d.vout, fee: send ? d.fee : undefined,
      confirmations: w.confirmations, generated: w.generated, trusted: w.trusted, blockhash: w.blockhash, blockheight: w.blockheight,
      blockindex: w.blockindex, blocktime: w.blocktime, txid: w.txid, wtxid: w.wtxid, walletconflicts: w.walletconflicts, time: w.time,
      timereceived: w.timereceived, comment: w.comment, 'bip125-replaceable': w['bip125-replaceable'], abandoned: send ? false : undefined,
    };
  });
}

/** gettransaction, listtransactions. */
export const walletTxMethods: MethodTable = {
  listtransactions: {
    params: [{ name: 'label', type: 'string', optional: true }, { name: 'count', type: 'number', optional: true }, { name: 'skip', type: 'number', optional: true }, { name: 'include_watchonly', type: 'bool', optional: true }],
    wallet: true,
    run: ([, count, skip], ctx) => {
      const n = intArg(count, 10);
      const from = intArg(skip, 0);
      if (n < 0) throw new RpcError(RPC.INVALID_PARAMETER, 'Negative count');
      if (from < 0) throw new RpcError(RPC.INVALID_PARAMETER, 'Negative from');
      const all = walletTxids(ctx).flatMap((t) => listEntries(ctx, t));
      // The newest `count` entries after skipping `skip` from the end, oldest first (as qtumd returns them).
      return all.slice(Math.max(0, all.length - from - n), all.length - from);
    },
  },
  gettransaction: {
    params: [{ name: 'txid', type: 'string' }, { name: 'include_watchonly', type: 'bool', optional: true }, { name: 'verbose', type: 'bool', optional: true }, { name: 'waitconf', type: 'number', optional: true }],
    wallet: true,
    run: ([txid], ctx) => walletTx(ctx, strArg(txid)),
  },
};
