import type { BlockSpec } from './block-factory';
import { boolArg, intArg, strArg } from './rpc-args';
import { RPC, RpcError } from './rpc-error';
import type { MethodTable, SimContext } from './rpc-types';

const KINDS = new Set(['pool', 'self', 'foreign', 'pow']);

function nodeStatus(ctx: SimContext) {
  const c = ctx.chain;
  return {
    tip: c.tipHeight, activeHeight: c.activeHeight, behind: c.view.isBehind(c.tipHeight),
    initialblockdownload: c.view.initialBlockDownload(c.tipHeight), warmup: c.view.warmupMessage() ?? null,
  };
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RpcError) throw e;
    throw new RpcError(RPC.INVALID_PARAMETER, e instanceof Error ? e.message : String(e));
  }
}

/**
 * The simulator's own control RPCs, served on POST `/sim` only (never on qtumd's paths, so `help` and the
 * wire stay qtumd's), same Basic auth, no faults, no warm-up. For by-hand runs against `npm run sim`.
 */
export const adminMethods: MethodTable = {
  /** `status`: tip, active height, behind, initialblockdownload, warm-up message. */
  status: { params: [], run: (_a, ctx) => nodeStatus(ctx) },
  /** `fallbehind blocks [seconds] [initialblockdownload=true] [blocksPerSec=0]`: the active chain `blocks` below the tip. */
  fallbehind: {
    params: [{ name: 'blocks', type: 'number' }, { name: 'seconds', type: 'number', optional: true },
      { name: 'initialblockdownload', type: 'bool', optional: true }, { name: 'blockspersec', type: 'number', optional: true }],
    run: ([blocks, seconds, ibd, rate], ctx) => guard(() => {
      const forSec = seconds === undefined ? undefined : intArg(seconds, 0);
      ctx.chain.view.fallBehind(ctx.chain.tipHeight, intArg(blocks, 0), {
        initialBlockDownload: boolArg(ibd, true), blocksPerSec: intArg(rate, 0), ...(forSec !== undefined && forSec > 0 ? { forMs: forSec * 1_000 } : {}),
      });
      return nodeStatus(ctx);
    }),
  },
  /** `reindex [warmupMs=5000] [fromHeight=0] [blocksPerSec=50]`: a restart with -reindex. */
  reindex: {
    params: [{ name: 'warmupms', type: 'number', optional: true }, { name: 'fromheight', type: 'number', optional: true }, { name: 'blockspersec', type: 'number', optional: true }],
    run: ([w, from, rate], ctx) => guard(() => {
      ctx.chain.view.reindex({ warmupMs: intArg(w, 5_000), fromHeight: intArg(from, 0), blocksPerSec: intArg(rate, 50) });
      return nodeStatus(ctx);
    }),
  },
  /** `catchup`: the node is back at the tip at once. */
  catchup: { params: [], run: (_a, ctx) => (ctx.chain.view.catchUp(), nodeStatus(ctx)) },
  /** `mine n [kind=pow]`. */
  mine: {
    params: [{ name: 'n', type: 'number' }, { name: 'kind', type: 'string', optional: true }],
    run: ([n, kind], ctx) => guard(() => {
      const k = strArg(kind, 'pow');
      if (!KINDS.has(k)) throw new RpcError(RPC.INVALID_PARAMETER, `kind must be pool, self, foreign or pow`);
      return ctx.chain.mine(intArg(n, 1), { kind: k } as BlockSpec);
    }),
  },
  /** `reorg depth`: replaces the last `depth` blocks by depth+1 new ones. */
  reorg: { params: [{ name: 'depth', type: 'number' }], run: ([d], ctx) => guard(() => ctx.chain.reorg(intArg(d, 1))) },
  /** `returntobranch hash`: back to the stale branch ending at `hash` (A->B->A). */
  returntobranch: { params: [{ name: 'hash', type: 'string' }], run: ([h], ctx) => guard(() => ctx.chain.returnToBranch(strArg(h))) },
};
