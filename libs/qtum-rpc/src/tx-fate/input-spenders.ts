import { RetryableError } from '@ppm/runtime';
import { rpcErrorCode, type TxFateRpc } from './tx-fate-rpc';
import { lookupTx, RPC_INVALID_ADDRESS_OR_KEY } from './tx-lookup';

/**
 * Why the node refused our stored tx with -25 "bad-txns-inputs-missingorspent", found from the chain:
 * - `ours`: an input is spent by our own txid (qtumd answers -25 for our mined tx once all its outputs are
 *   spent): the tx is not lost at all;
 * - `spent-elsewhere`: an input is spent by a different tx, `depth` = that tx's confirmations (0 in the mempool);
 * - `parent-missing`: an input's parent tx is unknown to this node (neither mined nor in its mempool: e.g. the
 *   previous batch's unconfirmed change that this node lost while its peers keep it);
 * - `unclear`: the node cannot tell yet (txindex building) or contradicts itself; nothing is concluded.
 */
export type InputsVerdict =
  | { kind: 'ours'; input: string }
  | { kind: 'spent-elsewhere'; input: string; spender: string; depth: number }
  | { kind: 'parent-missing'; parents: string[] }
  | { kind: 'unclear'; reason: string };

interface Outpoint { readonly txid: string; readonly vout: number }

/**
 * The spender of `op` per the node's spent index, checked against the spender tx itself; undefined if none.
 * `not-indexed` when the spender cannot be looked up yet (for our own txid that still means "ours").
 */
async function spenderOf(rpc: TxFateRpc, op: Outpoint): Promise<{ txid: string; depth: number } | { txid: string; notIndexed: true } | undefined> {
  let info: { txid: string; index: number };
  try {
    info = await rpc.getspentinfo(op.txid, op.vout);
  } catch (err) {
    if (rpcErrorCode(err) === RPC_INVALID_ADDRESS_OR_KEY) return undefined;
    throw new RetryableError(`getspentinfo ${op.txid}:${op.vout} failed`, { cause: err });
  }
  // qtumd never erases spent-index entries when a block is disconnected: the entry is only a lead. The spender
  // counts when the tx itself is on the active chain (or in the mempool) and its input really is `op`.
  const seen = await lookupTx(rpc, info.txid);
  if (seen.where === 'not-indexed') return { txid: info.txid.toLowerCase(), notIndexed: true };
  if (seen.where === 'absent') return undefined;
  const input = seen.tx.vin[info.index];
  if (input?.txid?.toLowerCase() !== op.txid.toLowerCase() || input.vout !== op.vout) return undefined;
  return { txid: info.txid.toLowerCase(), depth: seen.where === 'chain' ? seen.confirmations : 0 };
}

/**
 * Examines every input of our stored tx `rawTx` (txid `ourTxid`). The deepest foreign spender wins; a missing
 * parent is reported only when no input is spent elsewhere; our own spend wins over everything.
 */
export async function whoSpentInputs(rpc: TxFateRpc, ourTxid: string, rawTx: string): Promise<InputsVerdict> {
  const decoded = await rpc.decoderawtransaction(rawTx).catch((err: unknown) => {
    throw new RetryableError('decoderawtransaction of the stored tx failed', { cause: err });
  });
  let deepest: { input: string; spender: string; depth: number } | undefined;
  const parents: string[] = [];
  const unclear: string[] = [];
  for (const i of decoded.vin) {
    if (i.txid === undefined || i.vout === undefined) continue;
    const op = { txid: i.txid.toLowerCase(), vout: i.vout };
    const input = `${op.txid}:${op.vout}`;
    const spender = await spenderOf(rpc, op);
    if (spender?.txid === ourTxid.toLowerCase()) return { kind: 'ours', input };
    if (spender && 'notIndexed' in spender) {
      unclear.push(`${input}: spent by ${spender.txid}, which cannot be looked up yet (txindex building)`);
      continue;
    }
    if (spender) {
      if (!deepest || spender.depth > deepest.depth) deepest = { input, spender: spender.txid, depth: spender.depth };
      continue;
    }
    const parent = await lookupTx(rpc, op.txid);
    if (parent.where === 'absent') parents.push(op.txid);
    else if (parent.where === 'not-indexed') unclear.push(`${input}: parent not looked up yet (txindex building)`);
    else unclear.push(`${input}: the node knows the parent (${parent.where}) and no spender, yet refused the tx`);
  }
  if (deepest) return { kind: 'spent-elsewhere', ...deepest };
  if (parents.length > 0) return { kind: 'parent-missing', parents: [...new Set(parents)] };
  return { kind: 'unclear', reason: unclear.join('; ') || 'no input of the tx is spent or missing' };
}
