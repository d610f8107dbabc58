import { decodeAddress, qtumNumber, verifyMessage } from '@ppm/chain';
import { RPC, RpcError } from './rpc-error';
import { strArg } from './rpc-args';
import type { MethodTable } from './rpc-types';

const NETWORKS = ['ipv4', 'ipv6', 'onion', 'i2p', 'cjdns'].map((name, i) => ({
  name, limited: i >= 2, reachable: i < 2, proxy: '', proxy_randomize_credentials: false,
}));

/** getnetworkinfo, getconnectioncount, uptime, validateaddress, verifymessage, help. */
export const networkMethods: MethodTable = {
  getnetworkinfo: {
    params: [],
    run: (_a, ctx) => {
      const c = ctx.chain.connections;
      const inbound = Math.floor(c / 2);
      return {
        version: 270100, subversion: '/Satoshi:27.1.0/', protocolversion: 70022, localservices: '0000000000000c09',
        localservicesnames: ['NETWORK', 'WITNESS', 'NETWORK_LIMITED', 'P2P_V2'], localrelay: true, timeoffset: 0, networkactive: true,
        connections: c, connections_in: inbound, connections_out: c - inbound, networks: NETWORKS,
        relayfee: qtumNumber(400_000n), incrementalfee: qtumNumber(10_000n), localaddresses: [], warnings: '',
      };
    },
  },
  getconnectioncount: { params: [], run: (_a, ctx) => ctx.chain.connections },
  uptime: { params: [], run: (_a, ctx) => Math.floor((Date.now() - ctx.startedAt) / 1000) },
  // qtum src/rpc/signmessage.cpp: MessageVerify's errors, else true/false (Qtum message magic, compact sig).
  verifymessage: {
    params: [{ name: 'address', type: 'string' }, { name: 'signature', type: 'string' }, { name: 'message', type: 'string' }],
    run: ([a, sig, msg], ctx) => {
      switch (verifyMessage(strArg(a), strArg(sig), strArg(msg), ctx.chain.network)) {
        case 'invalid_address': throw new RpcError(RPC.INVALID_ADDRESS_OR_KEY, 'Invalid address');
        case 'address_no_key': throw new RpcError(RPC.TYPE, 'Address does not refer to key');
        case 'malformed_signature': throw new RpcError(RPC.TYPE, 'Malformed base64 encoding');
        case 'ok': return true;
        default: return false;
      }
    },
  },
  validateaddress: {
    params: [{ name: 'address', type: 'string' }],
    run: ([a], ctx) => {
      const address = strArg(a);
      try {
        const d = decodeAddress(address, ctx.chain.network);
        const script = d.kind === 'p2pkh' ? `76a914${d.hash160Hex}88ac` : `a914${d.hash160Hex}87`;
        return { isvalid: true, address, scriptPubKey: script, isscript: d.kind === 'p2sh', iswitness: false };
      } catch {
        return { isvalid: false, error_locations: [], error: 'Invalid or unsupported Segwit (Bech32) or Base58 encoding.' };
      }
    },
  },
};

/** `help`: the list of supported methods (one per line), or a method's one-line usage. */
export function helpText(names: readonly string[], method?: string): string {
  if (method) return names.includes(method) ? `${method} ...\n\n(simulated by @ppm/qtum-sim)` : `help: unknown command: ${method}`;
  return [...names].sort().join('\n');
}
