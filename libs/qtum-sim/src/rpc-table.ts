import { addressIndexMethods } from './address-index.rpc';
import { chainMethods } from './chain.rpc';
import { delegationMethods } from './delegation.rpc';
import { helpText, networkMethods } from './network.rpc';
import { strArg } from './rpc-args';
import { rawTxMethods } from './rawtx.rpc';
import type { MethodTable, RpcMethod } from './rpc-types';
import { walletSpendMethods } from './wallet-spend.rpc';
import { walletTxMethods } from './wallet-tx.rpc';
import { walletMethods } from './wallet.rpc';

/** Every method the simulator answers. */
export function createMethodTable(): MethodTable {
  const table: Record<string, RpcMethod> = {
    ...chainMethods, ...addressIndexMethods, ...delegationMethods, ...networkMethods, ...rawTxMethods,
    ...walletMethods, ...walletSpendMethods, ...walletTxMethods,
  };
  table.help = { params: [{ name: 'command', type: 'string', optional: true }], run: ([c]) => helpText(Object.keys(table), c === undefined ? undefined : strArg(c)) };
  return table;
}
