import { chainRequests } from './requests/chain.requests';
import { rawTxRequests } from './requests/raw-tx.requests';
import { walletRequests } from './requests/wallet.requests';

/**
 * Typed request builders, one per supported RPC: `rpc.getblockhash(5)` is `{method, params, parse, ...}`,
 * ready for `client.call` or `client.batch`. The client's own methods are built from these.
 */
export const rpc = { ...chainRequests, ...walletRequests, ...rawTxRequests };

/** The builder object's type. */
export type RpcBuilders = typeof rpc;
