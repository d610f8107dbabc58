import { ADD_DELEGATION_TOPIC, DELEGATION_CONTRACT_HEX, type DelegationEvent } from '@ppm/chain';
import type { DecodedTx, WalletPort } from './wallet-port';

/**
 * The @ppm/qtum-rpc client calls the signer makes (a structural subset of its QtumRpcClient, so the real
 * client and a test double both fit). Amounts are bigint satoshis.
 */
export interface SignerNodeClient {
  walletpassphrase(passphrase: string, timeoutSec: number, stakingOnly?: boolean): Promise<void>;
  createrawtransaction(
    inputs: readonly { txid: string; vout: number }[],
    outputs: readonly ({ address: string; amountSats: bigint } | { dataHex: string })[],
    locktime?: number,
    replaceable?: boolean,
  ): Promise<string>;
  fundrawtransaction(hex: string, options?: {
    changeAddress?: string; lockUnspents?: boolean; fee_rate?: number; replaceable?: boolean;
  }): Promise<{ hex: string; feeSats: bigint; changepos: number }>;
  signrawtransactionwithwallet(hex: string): Promise<{ hex: string; complete: boolean; errors?: { error: string; txid: string; vout: number }[] }>;
  decoderawtransaction(hex: string): Promise<{
    txid: string;
    vsize: number;
    vin: { txid?: string; vout?: number }[];
    vout: { valueSats: bigint; scriptPubKey: { hex: string } }[];
  }>;
  lockunspent(unlock: boolean, outputs?: { txid: string; vout: number }[]): Promise<boolean>;
  getblockcount(): Promise<number>;
  searchlogs(fromBlock: number, toBlock: number, filter?: { addresses?: string[]; topics?: (string | null)[] }): Promise<{
    events: readonly DelegationEvent[];
  }>;
}

/**
 * Blocks re-read on every lookup after the first full scan, so events of blocks that left the main chain are
 * dropped. Payouts only concern delegations far older than this (a delegate's coins need 2,000 blocks to mature
 * before they earn anything), so a reorg deeper than this cannot matter to the recipient check.
 */
export const DELEGATION_RESCAN_BLOCKS = 20;

/** Maps the qtumd client onto the signer's {@link WalletPort}. */
export function createQtumWalletPort(rpc: SignerNodeClient): WalletPort {
  // AddDelegation events naming S, read once from block 0 and then incrementally (10,000 delegations take
  // seconds to read; a payout asks once per batch).
  let cached: { stakerHash160: string; scannedTo: number; events: DelegationEvent[] } | undefined;
  // Lookups run one after another: a second caller waits for the scan in progress, then refreshes incrementally.
  let queue: Promise<unknown> = Promise.resolve();
  const refresh = async (stakerHash160: string): Promise<DelegationEvent[]> => {
    const tip = await rpc.getblockcount();
    const reuse = cached && cached.stakerHash160 === stakerHash160 ? cached : undefined;
    const from = reuse ? Math.max(0, Math.min(reuse.scannedTo, tip) - DELEGATION_RESCAN_BLOCKS + 1) : 0;
    // Whether qtumd matches topics by position or OR-ed, this asks for at least every AddDelegation naming S;
    // the caller filters again by type and staker.
    const res = await rpc.searchlogs(from, tip, {
      addresses: [DELEGATION_CONTRACT_HEX],
      topics: [ADD_DELEGATION_TOPIC, `${'0'.repeat(24)}${stakerHash160}`],
    });
    const events = [...(reuse?.events.filter((e) => e.blockNumber < from) ?? []), ...res.events];
    cached = { stakerHash160, scannedTo: tip, events };
    return events;
  };
  return {
    walletPassphrase: (passphrase, timeoutSec, stakingOnly) => rpc.walletpassphrase(passphrase, timeoutSec, stakingOnly),
    // replaceable=false here and in fundrawtransaction: a non-RBF payout cannot be replaced by a conflicting tx
    // once it is in the mempool (Finding 23).
    createRawTransaction: (outputs, dataHex) => rpc.createrawtransaction([], [...outputs, { dataHex }], 0, false),
    async fundRawTransaction(hex, opts) {
      const f = await rpc.fundrawtransaction(hex, {
        changeAddress: opts.changeAddress, lockUnspents: true, fee_rate: opts.feeRateSatPerVb, replaceable: false,
      });
      return { hex: f.hex, feeSats: f.feeSats };
    },
    async signRawTransaction(hex) {
      const s = await rpc.signrawtransactionwithwallet(hex);
      return { hex: s.hex, complete: s.complete, errors: (s.errors ?? []).map((e) => `${e.txid}:${e.vout} ${e.error}`) };
    },
    async decodeRawTransaction(hex): Promise<DecodedTx> {
      const d = await rpc.decoderawtransaction(hex);
      return {
        txid: d.txid,
        vsize: d.vsize,
        inputs: d.vin.flatMap((i) => (i.txid !== undefined && i.vout !== undefined ? [{ txid: i.txid, vout: i.vout }] : [])),
        outputs: d.vout.map((o) => ({ valueSats: o.valueSats, scriptHex: o.scriptPubKey.hex })),
      };
    },
    async unlockOutpoints(outpoints) {
      if (outpoints.length > 0) await rpc.lockunspent(true, outpoints.map((o) => ({ txid: o.txid, vout: o.vout })));
    },
    delegationEvents(stakerHash160) {
      const run = queue.then(() => refresh(stakerHash160), () => refresh(stakerHash160));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
