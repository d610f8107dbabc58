import { DELEGATION_CONTRACT_HEX } from '@ppm/chain';
import {
  RpcAuthError, RpcInternalError, RpcInvalidAddressOrKeyError, RpcTransportError, RpcWalletNotSpecifiedError,
  type QtumRpcClient,
} from '@ppm/qtum-rpc';
import { EXIT_PERMANENT, EXIT_RETRYABLE } from '@ppm/runtime';
import { CliError } from './output';

/** What the preflight learnt about the node. */
export interface NodeFacts {
  readonly tip: number;
}

/** Where a URL points, without its credentials (for messages). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparseable QTUM_RPC_URL)';
  }
}

/**
 * Checks that qtumd is reachable and can serve a pool: the address index (for weights as of H) and event
 * logs (for delegations as of H), i.e. `-superstaking` (or `-addrindex -logevents`). Throws a CliError that
 * says what to fix; exit 75 when the node is merely unreachable (try again later), 1 otherwise.
 */
export async function checkNode(rpc: QtumRpcClient, url: string, stakerAddress: string): Promise<NodeFacts> {
  const where = redactUrl(url);
  let tip: number;
  try {
    tip = await rpc.getblockcount();
  } catch (err) {
    if (err instanceof RpcAuthError) throw new CliError(`qtumd at ${where} refused the credentials in QTUM_RPC_URL (check rpcuser/rpcauth)`, EXIT_PERMANENT);
    if (err instanceof RpcTransportError) {
      throw new CliError(`qtumd is unreachable at ${where}: ${err.message}. Is it running, and is QTUM_RPC_URL right?`, EXIT_RETRYABLE);
    }
    throw err;
  }
  try {
    await rpc.getaddressutxos({ addresses: [stakerAddress] });
  } catch (err) {
    if (err instanceof RpcInvalidAddressOrKeyError) {
      throw new CliError(`qtumd at ${where} has no address index (${err.message}): run it as a super staker with -superstaking (or -addrindex), after a one-time -reindex`);
    }
    throw err;
  }
  try {
    await rpc.searchlogs(tip, tip, { addresses: [DELEGATION_CONTRACT_HEX] });
  } catch (err) {
    if (err instanceof RpcInternalError || err instanceof RpcInvalidAddressOrKeyError) {
      throw new CliError(`qtumd at ${where} does not index contract events (${err.message}): run it with -superstaking (or -logevents), after a one-time -reindex`);
    }
    throw err;
  }
  try {
    const staking = await rpc.getstakinginfo();
    if (!staking.enabled) throw new CliError(`qtumd at ${where} has staking disabled: a super staker needs -staking=1 (implied by -superstaking)`);
  } catch (err) {
    if (err instanceof RpcWalletNotSpecifiedError) {
      throw new CliError(`qtumd at ${where} has several wallets loaded: set PPM_QTUM_WALLET to the super staker's wallet name`);
    }
    throw err;
  }
  return { tip };
}
