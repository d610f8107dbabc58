import { decodeAddress, JsonNumber, qtumNumber, type WireValue } from '@ppm/chain';
import { MAX_FEE_RATE_SAT_PER_VB } from './mempool-accept';
import { acceptToMempool } from './mempool-accept';
import { amountArg, boolArg, intArg, objArg, strArg } from './rpc-args';
import { RPC, RpcError } from './rpc-error';
import type { MethodTable, SimContext } from './rpc-types';
import { storedTx } from './tx-builder';
import { decodeTxHex, type Tx, type TxOut } from './tx-codec';
import { txJson } from './tx-json';
import { outpointKey } from './chain-types';

/** Decodes hex or throws -22 "TX decode failed". */
export function decodeOrThrow(hex: string): Tx {
  try {
    return decodeTxHex(hex);
  } catch {
    throw new RpcError(RPC.DESERIALIZATION, 'TX decode failed. Make sure the tx has at least one input.');
  }
}

/** `CScript() << OP_RETURN << data`: OP_RETURN then the minimal push of `dataHex` (direct, PUSHDATA1/2/4). */
export function nullDataScript(dataHex: string): string {
  const n = dataHex.length / 2;
  const le = (v: number, bytes: number) => {
    const b = Buffer.alloc(bytes);
    b.writeUIntLE(v, 0, bytes);
    return b.toString('hex');
  };
  if (n < 0x4c) return `6a${le(n, 1)}${dataHex}`;
  if (n <= 0xff) return `6a4c${le(n, 1)}${dataHex}`;
  if (n <= 0xffff) return `6a4d${le(n, 2)}${dataHex}`;
  return `6a4e${le(n, 4)}${dataHex}`;
}

/** Parses createrawtransaction/sendmany style `{address: amount}` outputs, in key order, with qtumd's errors. */
export function parseOutputs(v: WireValue | undefined, ctx: SimContext): TxOut[] {
  const list = Array.isArray(v) ? v.map(objArg) : [objArg(v)];
  const seen = new Set<string>();
  const outs: TxOut[] = [];
  let hasData = false;
  for (const o of list) {
    for (const [address, amount] of Object.entries(o)) {
      if (address === 'data') {
        // ParseOutputs: one "data" key at most (a repeated JSON key counts), hex checked by ParseHexV (IsHex).
        if (hasData || ctx.duplicateKeys?.has('data')) throw new RpcError(RPC.INVALID_PARAMETER, 'Invalid parameter, duplicate key: data');
        hasData = true;
        const text = typeof amount === 'string' ? amount : '';
        if (!/^([0-9a-fA-F]{2})+$/.test(text)) throw new RpcError(RPC.INVALID_PARAMETER, `Data must be hexadecimal string (not '${text}')`);
        outs.push({ value: 0n, script: nullDataScript(text.toLowerCase()) });
        continue;
      }
      let h: string;
      try {
        const d = decodeAddress(address, ctx.chain.network);
        h = d.kind === 'p2pkh' ? `76a914${d.hash160Hex}88ac` : `a914${d.hash160Hex}87`;
      } catch {
        throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, `Invalid Qtum address: ${address}`);
      }
      if (seen.has(address) || ctx.duplicateKeys?.has(address)) throw new RpcError(RPC.INVALID_PARAMETER, `Invalid parameter, duplicated address: ${address}`);
      seen.add(address);
      outs.push({ value: amountArg(amount), script: h });
    }
  }
  return outs;
}

/** getrawtransaction, getspentinfo, getindexinfo, decoderawtransaction, createrawtransaction, sendrawtransaction, getrawmempool, getmempoolinfo. */
export const rawTxMethods: MethodTable = {
  getrawtransaction: {
    params: [{ name: 'txid', type: 'string' }, { name: 'verbosity', type: 'numOrBool', optional: true }, { name: 'blockhash', type: 'string', optional: true }],
    run: ([txid, verbosity, blockhash], ctx) => {
      const s = ctx.chain.state;
      const stale = s.staleTxIndex.get(strArg(txid));
      const staleTx = stale?.block.txs[stale.index];
      const found = s.findTx(strArg(txid)) ?? (stale && staleTx ? { tx: staleTx, block: stale.block } : undefined);
      if (blockhash !== undefined) {
        if (!s.byHash.has(strArg(blockhash))) throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Block hash not found');
        if (!found || found.block?.hash !== strArg(blockhash)) {
          throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'No such transaction found in the provided block. Use gettransaction for wallet transactions.');
        }
      } else if (!found || (found.block && ctx.chain.txindexBuilding)) {
        // qtumd 27.1 rpc/rawtransaction.cpp: the message tells "not indexed yet" from "no such transaction".
        const what = ctx.chain.txindexBuilding
          ? 'No such mempool transaction. Blockchain transactions are still in the process of being indexed'
          : 'No such mempool or blockchain transaction';
        throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, `${what}. Use gettransaction for wallet transactions.`);
      }
      if (intArg(verbosity, 0) <= 0) return found.tx.hex;
      const json = txJson(s, found.tx, 'expanded', found.block);
      return blockhash !== undefined ? { in_active_chain: true, ...json } : json;
    },
  },
  getspentinfo: {
    params: [{ name: 'argument', type: 'object' }],
    run: ([arg], ctx) => {
      const o = objArg(arg);
      if (typeof o.txid !== 'string' || !(o.index instanceof JsonNumber)) {
        throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Invalid txid or index');
      }
      const s = ctx.chain.state;
      const key = outpointKey(o.txid.toLowerCase(), intArg(o.index, -1));
      // qtumd 27.1 GetSpentIndex: the mempool's spent index first (height -1), then the block index's.
      const mem = s.mempool.spender(key);
      if (mem) {
        const index = s.mempool.get(mem)?.tx.tx.vin.findIndex((i) => outpointKey(i.prevTxid, i.prevVout) === key) ?? 0;
        return { txid: mem, index, height: -1 };
      }
      const spent = s.spentIndex.get(key);
      if (!spent) throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Unable to get spent info');
      return { txid: spent.txid, index: spent.index, height: spent.height };
    },
  },
  getindexinfo: {
    params: [{ name: 'index_name', type: 'string', optional: true }],
    run: ([name], ctx) => {
      if (name !== undefined && strArg(name) !== 'txindex') return {};
      const c = ctx.chain;
      return { txindex: { synced: !c.txindexBuilding, best_block_height: c.txindexBuilding ? 0 : c.state.height } };
    },
  },
  decoderawtransaction: {
    params: [{ name: 'hexstring', type: 'string' }, { name: 'iswitness', type: 'bool', optional: true }],
    run: ([hex], ctx) => txJson(ctx.chain.state, storedTx(decodeOrThrow(strArg(hex))), 'decode'),
  },
  createrawtransaction: {
    params: [
      { name: 'inputs', type: 'array' }, { name: 'outputs', type: 'any' }, { name: 'locktime', type: 'number', optional: true },
      { name: 'replaceable', type: 'bool', optional: true },
    ],
    run: ([inputs, outputs, locktime, replaceable], ctx) => {
      const lt = intArg(locktime, 0);
      const rbf = boolArg(replaceable, false);
      const tx: Tx = {
        version: 2,
        vin: (Array.isArray(inputs) ? inputs : []).map((i) => {
          const o = objArg(i);
          const txid = strArg(o.txid);
          if (!/^[0-9a-fA-F]{64}$/.test(txid)) throw new RpcError(RPC.INVALID_PARAMETER, `txid must be of length 64 (not ${txid.length}, for '${txid}')`);
          const vout = intArg(o.vout, -1);
          if (vout < 0) throw new RpcError(RPC.INVALID_PARAMETER, 'Invalid parameter, vout cannot be negative');
          const dflt = rbf ? 0xfffffffd : lt ? 0xfffffffe : 0xffffffff;
          return { prevTxid: txid.toLowerCase(), prevVout: vout, scriptSig: '', sequence: intArg(o.sequence, dflt) };
        }),
        vout: parseOutputs(outputs, ctx),
        locktime: lt,
      };
      return storedTx(tx).hex;
    },
  },
  sendrawtransaction: {
    params: [{ name: 'hexstring', type: 'string' }, { name: 'maxfeerate', type: 'amount', optional: true }],
    run: ([hex, maxfeerate], ctx) => {
      const stx = storedTx(decodeOrThrow(strArg(hex)));
      const rate = maxfeerate === undefined ? MAX_FEE_RATE_SAT_PER_VB : amountArg(maxfeerate) / 1000n;
      acceptToMempool(ctx.chain.state, stx, ctx.chain.clock.now(), rate);
      return stx.txid;
    },
  },
  getrawmempool: {
    params: [{ name: 'verbose', type: 'bool', optional: true }, { name: 'mempool_sequence', type: 'bool', optional: true }],
    run: ([verbose], ctx) => {
      const s = ctx.chain.state;
      const all = s.mempool.all();
      if (!boolArg(verbose, false)) return all.map((e) => e.tx.txid);
      const out: Record<string, unknown> = {};
      for (const e of all) {
        const fee = qtumNumber(e.fee);
        const depends = e.tx.tx.vin.map((i) => i.prevTxid).filter((t) => s.mempool.has(t));
        const spentby = all.filter((o) => o.tx.tx.vin.some((i) => i.prevTxid === e.tx.txid)).map((o) => o.tx.txid);
        out[e.tx.txid] = {
          vsize: e.tx.vsize, weight: e.tx.weight, time: e.time, height: e.height, descendantcount: 1 + spentby.length, descendantsize: e.tx.vsize,
          ancestorcount: 1 + depends.length, ancestorsize: e.tx.vsize, wtxid: e.tx.hash, fees: { base: fee, modified: fee, ancestor: fee, descendant: fee },
          depends, spentby, 'bip125-replaceable': e.tx.tx.vin.some((i) => i.sequence < 0xfffffffe), unbroadcast: true,
        };
      }
      return out;
    },
  },
  getmempoolinfo: {
    params: [],
    run: (_a, ctx) => {
      const all = ctx.chain.state.mempool.all();
      const bytes = all.reduce((n, e) => n + e.tx.vsize, 0);
      return {
        loaded: true, size: all.length, bytes, usage: bytes * 4, total_fee: qtumNumber(all.reduce((n, e) => n + e.fee, 0n)), maxmempool: 300000000,
        mempoolminfee: qtumNumber(400_000n), minrelaytxfee: qtumNumber(400_000n), incrementalrelayfee: qtumNumber(10_000n), unbroadcastcount: all.length, fullrbf: false,
      };
    },
  },
};
