import { destinationFromScript, type WireValue } from '@ppm/chain';
import type { AddressDelta, Utxo } from './chain-types';
import { MATURITY } from './block-factory';
import { boolArg, intArg, objArg } from './rpc-args';
import { RPC, RpcError } from './rpc-error';
import { RawJson, type MethodTable, type SimContext } from './rpc-types';

const ARG = [{ name: 'argument', type: 'object' as const }];

interface AddrQuery {
  readonly list: { address: string; hash160: string }[];
  readonly opts: Record<string, WireValue>;
}

/** Reads `{"addresses":[...], ...}`; a bad address gives -5 "Invalid address". */
function addresses(v: WireValue | undefined, ctx: SimContext): AddrQuery {
  const o = objArg(v);
  const raw = o.addresses;
  if (!Array.isArray(raw)) throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Addresses is expected to be an array');
  const list = raw.map((a) => {
    if (typeof a !== 'string') throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Invalid address');
    try {
      return { address: a, hash160: ctx.chain.state.decode(a).hash160Hex };
    } catch {
      throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Invalid address');
    }
  });
  return { list, opts: o };
}

function utxoJson(u: Utxo, address: string): string {
  if (u.json !== undefined && u.address === address) return u.json;
  const s = `{"address":"${address}","txid":"${u.txid}","outputIndex":${u.n},"script":"${u.script}","satoshis":${u.value},"height":${u.height},"isStake":${u.isCoinstake}}`;
  if (u.address === address) u.json = s;
  return s;
}

function range(opts: Record<string, WireValue>, ctx: SimContext, chainInfo: boolean): { start: number; end: number } {
  const start = intArg(opts.start, 0);
  const end = intArg(opts.end, 0);
  if (start > 0 && end > 0 && end < start) throw new RpcError(RPC.INVALID_PARAMETER, 'End value is expected to be greater than start');
  if (chainInfo && (start > ctx.chain.state.height || end > ctx.chain.state.height || start <= 0 || end <= 0)) {
    throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Start or end is outside chain range');
  }
  return { start, end };
}

/** Index of the first delta at height >= `height` (an address's deltas are kept in ascending height order). */
function firstAtOrAbove(list: readonly AddressDelta[], height: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.height < height) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Address-index RPCs (-addrindex): getaddressutxos, getaddressdeltas, getaddressbalance, getaddressmempool, getaddresstxids. */
export const addressIndexMethods: MethodTable = {
  getaddressutxos: {
    params: ARG,
    run: ([arg], ctx) => {
      const q = addresses(arg, ctx);
      const s = ctx.chain.state;
      const items: { u: Utxo; address: string }[] = [];
      for (const a of q.list) for (const u of s.addrUtxos.get(a.hash160)?.values() ?? []) items.push({ u, address: a.address });
      // Stable sort by height, as the C++ does after walking the index.
      items.sort((x, y) => x.u.height - y.u.height);
      const body = `[${items.map((i) => utxoJson(i.u, i.address)).join(',')}]`;
      if (!boolArg(q.opts.chainInfo, false)) return new RawJson(body);
      return new RawJson(`{"utxos":${body},"hash":"${s.tip.hash}","height":${s.height}}`);
    },
  },
  getaddressdeltas: {
    params: ARG,
    run: ([arg], ctx) => {
      const q = addresses(arg, ctx);
      const chainInfo = boolArg(q.opts.chainInfo, false);
      const { start, end } = range(q.opts, ctx, chainInfo);
      const s = ctx.chain.state;
      const deltas: Record<string, unknown>[] = [];
      const ranged = start > 0 && end > 0;
      for (const a of q.list) {
        const list = s.deltas.get(a.hash160) ?? [];
        // qtumd seeks each address's index to the start height and stops past the end: cost ~ the range.
        for (let i = ranged ? firstAtOrAbove(list, start) : 0; i < list.length; i++) {
          const d = list[i]!;
          if (ranged && d.height > end) break;
          deltas.push({ satoshis: d.satoshis, txid: d.txid, index: d.index, blockindex: d.blockindex, height: d.height, address: a.address });
        }
      }
      if (!chainInfo) return deltas;
      return { deltas, start: { hash: s.blocks[start]?.hash, height: start }, end: { hash: s.blocks[end]?.hash, height: end } };
    },
  },
  getaddressbalance: {
    params: ARG,
    run: ([arg], ctx) => {
      const q = addresses(arg, ctx);
      const s = ctx.chain.state;
      let balance = 0n;
      let received = 0n;
      let immature = 0n;
      for (const a of q.list) {
        for (const d of s.deltas.get(a.hash160) ?? []) {
          balance += d.satoshis;
          if (d.satoshis > 0n) received += d.satoshis;
          if (d.stake && s.height - d.height < MATURITY) immature += d.satoshis;
        }
      }
      return { balance, received, immature };
    },
  },
  getaddressmempool: {
    params: ARG,
    run: ([arg], ctx) => {
      const q = addresses(arg, ctx);
      const s = ctx.chain.state;
      const wanted = new Map(q.list.map((a) => [a.hash160, a.address]));
      const out: Record<string, unknown>[] = [];
      for (const e of s.mempool.all()) {
        e.tx.tx.vout.forEach((o, n) => {
          const d = destinationFromScript(o.script, s.network);
          const address = d && wanted.get(d.hash160Hex);
          if (address) out.push({ address, txid: e.tx.txid, index: n, satoshis: o.value, timestamp: e.time });
        });
        e.tx.tx.vin.forEach((i, n) => {
          const prev = s.findOutput(i.prevTxid, i.prevVout);
          const d = prev && destinationFromScript(prev.script, s.network);
          const address = d && wanted.get(d.hash160Hex);
          if (prev && address) out.push({ address, txid: e.tx.txid, index: n, satoshis: -prev.value, timestamp: e.time, prevtxid: i.prevTxid, prevout: i.prevVout });
        });
      }
      return out;
    },
  },
  getaddresstxids: {
    params: ARG,
    run: ([arg], ctx) => {
      const q = addresses(arg, ctx);
      const { start, end } = range(q.opts, ctx, false);
      const s = ctx.chain.state;
      const seen = new Map<string, number>();
      for (const a of q.list) {
        for (const d of s.deltas.get(a.hash160) ?? []) {
          if (start > 0 && end > 0 && (d.height < start || d.height > end)) continue;
          if (!seen.has(d.txid)) seen.set(d.txid, d.height);
        }
      }
      return [...seen.entries()].sort((x, y) => x[1] - y[1]).map(([t]) => t);
    },
  },
};

