import type { WireValue } from '@ppm/chain';
import type { ParamSpec } from './rpc-args';
import type { SimChain } from './sim-chain';
import type { WalletCore } from './wallet-core';

/** Everything an RPC handler may touch. */
export interface SimContext {
  readonly chain: SimChain;
  readonly wallet: WalletCore;
  /** Epoch ms when the simulator started (uptime). */
  readonly startedAt: number;
  /** Keys that were duplicated inside an object of the current request (sendmany's duplicated-address check). */
  duplicateKeys?: ReadonlySet<string> | undefined;
}

/** A JSON text to splice into the reply as is (the big getaddressutxos answers are built as strings). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** One RPC method: its declared params, whether it is a wallet RPC, and its handler. */
export interface RpcMethod {
  readonly params: readonly ParamSpec[];
  readonly wallet?: boolean;
  /** Help text used as the -1 message on a wrong argument count. */
  readonly help?: string;
  run(args: (WireValue | undefined)[], ctx: SimContext): unknown;
}

/** Methods by name. */
export type MethodTable = Readonly<Record<string, RpcMethod>>;
