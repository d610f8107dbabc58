import { JsonNumber, qtumNumber } from '@ppm/chain';
import { blockBytes, blockJson, headerJson, medianTime, REGTEST_DIFFICULTY } from './block-json';
import type { SimBlock } from './chain-types';
import { outpointKey } from './chain-types';
import { boolArg, intArg, strArg } from './rpc-args';
import { RPC, RpcError } from './rpc-error';
import type { MethodTable, SimContext } from './rpc-types';
import { scriptPubKeyJson } from './script-json';

const GETBLOCKCOUNT_HELP =
  'getblockcount\n\nReturns the height of the most-work fully-validated chain.\nThe genesis block has height 0.\n\nResult:\nn    (numeric) The current block count\n\nExamples:\n> qtum-cli getblockcount \n> curl --user myusername --data-binary \'{"jsonrpc": "1.0", "id": "curltest", "method": "getblockcount", "params": []}\' -H \'content-type: text/plain;\' http://127.0.0.1:8332/\n';

const supplyCache = new WeakMap<object, { tip: string; sats: bigint }>();

/** Sum of the UTXO set, cached per tip (chain watchers poll getblockchaininfo often; the set can be 100k+ coins). */
function moneySupply(ctx: SimContext): bigint {
  const s = ctx.chain.state;
  const hit = supplyCache.get(s);
  if (hit?.tip === s.tip.hash) return hit.sats;
  let sats = 0n;
  for (const u of s.utxos.values()) sats += u.value;
  supplyCache.set(s, { tip: s.tip.hash, sats });
  return sats;
}

/**
 * A block by hash: main chain or a stale branch (confirmations -1), else -5. A main-chain block above the
 * node's active chain (reindex, catch-up) is not known to it yet: -5 too.
 */
export function findBlock(ctx: SimContext, hash: string): SimBlock {
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) throw new RpcError(RPC.INVALID_PARAMETER, `blockhash must be of length 64 (not ${hash.length}, for '${hash}')`);
  const main = ctx.chain.state.byHash.get(hash.toLowerCase());
  const b = main && main.height <= ctx.chain.activeHeight ? main : ctx.chain.state.stale.get(hash.toLowerCase());
  if (!b) throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Block not found');
  return b;
}

/** getblockcount, getbestblockhash, getblockhash, getblockheader, getblock, getblockchaininfo, getdifficulty, gettxout. */
export const chainMethods: MethodTable = {
  // The node's ACTIVE chain: during a reindex or catch-up it is below the simulated chain's tip (NodeView).
  getblockcount: { params: [], help: GETBLOCKCOUNT_HELP, run: (_a, ctx) => ctx.chain.activeHeight },
  getbestblockhash: { params: [], run: (_a, ctx) => ctx.chain.state.blocks[ctx.chain.activeHeight]!.hash },
  getblockhash: {
    params: [{ name: 'height', type: 'number' }],
    run: ([h], ctx) => {
      const height = intArg(h, 0);
      const b = ctx.chain.state.blocks[height];
      if (height < 0 || height > ctx.chain.activeHeight || !b) throw new RpcError(RPC.INVALID_PARAMETER, 'Block height out of range');
      return b.hash;
    },
  },
  getblockheader: {
    params: [{ name: 'blockhash', type: 'string' }, { name: 'verbose', type: 'bool', optional: true }],
    run: ([hash, verbose], ctx) => {
      const b = findBlock(ctx, strArg(hash));
      return boolArg(verbose, true) ? headerJson(ctx.chain.state, b) : b.headerHex;
    },
  },
  getblock: {
    params: [{ name: 'blockhash', type: 'string' }, { name: 'verbosity', type: 'numOrBool', optional: true }],
    run: ([hash, verbosity], ctx) => {
      const b = findBlock(ctx, strArg(hash));
      const v = intArg(verbosity, 1);
      if (v <= 0) return blockBytes(b).toString('hex');
      return blockJson(ctx.chain.state, b, v);
    },
  },
  getblockchaininfo: {
    params: [],
    run: (_a, ctx) => {
      const s = ctx.chain.state;
      // A reindexing node keeps verificationprogress at 1 and headers == blocks; only initialblockdownload tells.
      const height = ctx.chain.activeHeight;
      const tip = s.blocks[height]!;
      const supply = moneySupply(ctx);
      return {
        chain: 'regtest', blocks: height, headers: height, bestblockhash: tip.hash, difficulty: REGTEST_DIFFICULTY,
        moneysupply: supply / 100_000_000n, time: tip.time, mediantime: medianTime(s, tip), verificationprogress: 1,
        initialblockdownload: ctx.chain.view.initialBlockDownload(s.height),
        chainwork: (2 * (tip.height + 1)).toString(16).padStart(64, '0'), size_on_disk: 1000 * (height + 1), pruned: false, warnings: '',
      };
    },
  },
  getdifficulty: { params: [], run: () => ({ 'proof-of-work': REGTEST_DIFFICULTY, 'proof-of-stake': REGTEST_DIFFICULTY }) },
  gettxout: {
    params: [{ name: 'txid', type: 'string' }, { name: 'n', type: 'number' }, { name: 'include_mempool', type: 'bool', optional: true }],
    run: ([txid, n, incl], ctx) => {
      const s = ctx.chain.state;
      const k = outpointKey(strArg(txid), intArg(n, 0));
      const mem = boolArg(incl, true);
      const u = s.utxos.get(k);
      if (mem && s.mempool.spender(k)) return null;
      if (!u) {
        // include_mempool: outputs of mempool txs answer with 0 confirmations.
        const out = mem ? s.mempool.get(strArg(txid))?.tx.tx.vout[intArg(n, 0)] : undefined;
        if (!out) return null;
        return { bestblock: s.tip.hash, confirmations: 0, value: qtumNumber(out.value), scriptPubKey: scriptPubKeyJson(out.script, s.network), coinbase: false, coinstake: false };
      }
      return {
        bestblock: s.tip.hash, confirmations: s.height - u.height + 1, value: qtumNumber(u.value),
        scriptPubKey: scriptPubKeyJson(u.script, s.network), coinbase: u.isCoinbase, coinstake: u.isCoinstake,
      };
    },
  },
};

/** A double printed like UniValue's `%.16g` (used for fields that are doubles on the real node). */
export function uniDouble(x: number): JsonNumber {
  return new JsonNumber(Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(16))));
}
