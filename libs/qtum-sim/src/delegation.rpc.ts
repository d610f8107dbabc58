import { decodeAddress, encodeAddress, JsonNumber, type WireValue } from '@ppm/chain';
import type { ChainState } from './chain-state';
import type { Receipt, SimBlock } from './chain-types';
import { MATURITY } from './block-factory';
import { intArg, objArg, strArg } from './rpc-args';
import { RPC, RpcError } from './rpc-error';
import type { MethodTable, SimContext } from './rpc-types';

/** The delegation RPCs' address check: -3 "Invalid address" / "Address does not refer to public key hash". */
function p2pkhHash160(address: string, ctx: SimContext): string {
  let d;
  try {
    d = decodeAddress(address, ctx.chain.network);
  } catch {
    throw new RpcError(RPC.TYPE, 'Invalid address');
  }
  if (d.kind !== 'p2pkh') throw new RpcError(RPC.TYPE, 'Address does not refer to public key hash');
  return d.hash160Hex;
}

/** GetAddressWeight: coins >= 2000 deep, minus those used as prevoutStake in the last 1999 blocks; no min-value filter. */
export function addressWeight(s: ChainState, hash160: string): bigint {
  let w = 0n;
  for (const u of s.addrUtxos.get(hash160)?.values() ?? []) {
    if (s.height - u.height + 1 < MATURITY) continue;
    const used = s.stakeUse.get(u.key);
    if (used !== undefined && s.height - used < MATURITY - 1) continue;
    w += u.value;
  }
  return w;
}

const EMPTY_BLOOM = '0'.repeat(512);

function receiptJson(b: SimBlock, r: Receipt, cumulative: number): Record<string, unknown> {
  return {
    blockHash: b.hash, blockNumber: b.height, transactionHash: r.txid, transactionIndex: r.transactionIndex, outputIndex: r.outputIndex,
    from: r.from, to: r.to, cumulativeGasUsed: cumulative, gasUsed: r.gasUsed, contractAddress: r.to, excepted: 'None', exceptedMessage: '',
    bloom: EMPTY_BLOOM, stateRoot: b.stateRoot, utxoRoot: b.utxoRoot, log: r.log.map((l) => ({ address: l.address, topics: [...l.topics], data: l.data })),
  };
}

function heightArg(v: WireValue | undefined, s: ChainState): number {
  if (v === 'latest') return s.height;
  const n = intArg(v, -1);
  if (n === -1) return s.height;
  if (n < 0) throw new RpcError(RPC.INVALID_PARAMETER, 'Incorrect params');
  return n;
}

function hexList(v: WireValue | undefined, key: string): (string | null)[] {
  const a = objArg(v)[key];
  if (!Array.isArray(a)) return [];
  return a.map((x) => (typeof x === 'string' ? x.toLowerCase() : null));
}

/** getdelegationsforstaker, getdelegationinfoforaddress, searchlogs, gettransactionreceipt, gethexaddress, fromhexaddress. */
export const delegationMethods: MethodTable = {
  getdelegationsforstaker: {
    params: [{ name: 'staker', type: 'string' }],
    run: ([addr], ctx) => {
      const staker = p2pkhHash160(strArg(addr), ctx);
      const s = ctx.chain.state;
      return [...s.delegations.values()]
        .filter((d) => d.stakerHash160 === staker)
        .sort((a, b) => (a.delegateHash160 < b.delegateHash160 ? -1 : 1))
        .map((d) => ({
          delegate: encodeAddress(d.delegateHash160, s.network), staker: strArg(addr), fee: d.fee, blockHeight: d.blockHeight,
          weight: addressWeight(s, d.delegateHash160), PoD: d.pod,
        }));
    },
  },
  getdelegationinfoforaddress: {
    params: [{ name: 'address', type: 'string' }],
    run: ([addr], ctx) => {
      const h = p2pkhHash160(strArg(addr), ctx);
      const d = ctx.chain.state.delegations.get(h);
      if (!d) return { staker: '', fee: 0, blockHeight: 0, PoD: '', verified: false };
      return { staker: encodeAddress(d.stakerHash160, ctx.chain.network), fee: d.fee, blockHeight: d.blockHeight, PoD: d.pod, verified: true };
    },
  },
  searchlogs: {
    params: [
      { name: 'fromblock', type: 'any' }, { name: 'toblock', type: 'any' }, { name: 'addressfilter', type: 'object', optional: true },
      { name: 'topicfilter', type: 'object', optional: true }, { name: 'minconf', type: 'number', optional: true },
    ],
    run: ([from, to, addrs, topics, minconf], ctx) => {
      const s = ctx.chain.state;
      const fromH = heightArg(from, s);
      const toH = Math.min(heightArg(to, s), s.height - Math.max(0, intArg(minconf, 0) - 1));
      const addresses = hexList(addrs, 'addresses').filter((x): x is string => x !== null);
      const wanted = hexList(topics, 'topics');
      const out: Record<string, unknown>[] = [];
      for (const h of s.receiptHeights()) {
        if (h < fromH || h > toH) continue;
        const b = s.blocks[h];
        if (!b) continue;
        let cumulative = 0;
        for (const r of b.receipts) {
          cumulative += r.gasUsed;
          const addrOk = addresses.length === 0 || r.log.some((l) => addresses.includes(l.address));
          // OR matching, as Qtum 27.1 does: any non-null topic equal at its position is enough.
          const topicOk = wanted.every((t) => t === null) || r.log.some((l) => wanted.some((t, i) => t !== null && l.topics[i] === t));
          if (addrOk && topicOk) out.push(receiptJson(b, r, cumulative));
        }
      }
      return out;
    },
  },
  gettransactionreceipt: {
    params: [{ name: 'hash', type: 'string' }],
    run: ([hash], ctx) => {
      const loc = ctx.chain.state.txIndex.get(strArg(hash));
      if (!loc) return [];
      let cumulative = 0;
      const out: Record<string, unknown>[] = [];
      for (const r of loc.block.receipts) {
        cumulative += r.gasUsed;
        if (r.txid === strArg(hash)) out.push(receiptJson(loc.block, r, cumulative));
      }
      return out;
    },
  },
  gethexaddress: {
    params: [{ name: 'address', type: 'string' }],
    run: ([addr], ctx) => {
      try {
        const d = decodeAddress(strArg(addr), ctx.chain.network);
        if (d.kind !== 'p2pkh') throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Only pubkeyhash addresses are supported');
        return d.hash160Hex;
      } catch (e) {
        if (e instanceof RpcError) throw e;
        throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Invalid Qtum address');
      }
    },
  },
  fromhexaddress: {
    params: [{ name: 'hexaddress', type: 'string' }],
    run: ([hex], ctx) => {
      const h = strArg(hex);
      if (!/^[0-9a-fA-F]{40}$/.test(h)) throw new RpcError(RPC.INVALID_PARAMETER, 'Invalid pubkeyhash hex size (should be 40 hex characters)');
      return encodeAddress(h.toLowerCase(), ctx.chain.network);
    },
  },
};

/** Regtest netstakeweight is reported as 0 by qtumd; kept as a JSON integer. */
export const NET_STAKE_WEIGHT = new JsonNumber('0');
