import { message, qtum, short, type Renderer } from './rendered';

type PayoutKinds = 'payout_waiting_approval' | 'payout_broadcast' | 'payout_confirmed' | 'payout_failed' | 'payout_stuck' | 'payout_dropped_confirmed';

/** Renderers of payout events. */
export const payoutRenderers: { readonly [K in PayoutKinds]: Renderer<K> } = {
  // The exact command with the full hash: the CLI accepts nothing shorter (a prefix could name another plan).
  payout_waiting_approval: (p) =>
    message(
      'Payout waiting for approval',
      `Payout of ${qtum(p.totalSats)} to ${p.delegates} delegates waits. Approve: ppm payout approve ${p.planHash}`,
      [['Plan', p.planHash], ['Approve with', `ppm payout approve ${p.planHash}`], ['Signed with', 'the operator key in PPM_OPERATOR_KEY_FILE'],
        ['Delegates', p.delegates], ['Total', qtum(p.totalSats)], ['Batches', p.batches],
        ['Balances through height', `${p.asOfHeight} (later rewards go to the next payout)`],
        ...(p.expiresAt ? [['Valid until', p.expiresAt] as const] : [])],
    ),
  payout_broadcast: (p) =>
    message(
      'Payout broadcast',
      `Payout broadcast: ${p.txids.length} tx, ${p.outputs} outputs, ${qtum(p.totalSats)} (fee ${qtum(p.feeSats)})`,
      [['Plan', p.planHash], ['Transactions', p.txids.join(' ')], ['Outputs', p.outputs], ['Total', qtum(p.totalSats)], ['Fee', qtum(p.feeSats)]],
    ),
  payout_confirmed: (p) =>
    message(
      'Payout confirmed',
      `Payout tx ${short(p.txid)} confirmed (${p.confirmations} conf): ${p.outputs} outputs, ${qtum(p.totalSats)}`,
      [['Plan', p.planHash], ['Batch', p.batchId], ['Txid', p.txid], ['Outputs', p.outputs], ['Total', qtum(p.totalSats)],
        ['Confirmations', p.confirmations]],
    ),
  payout_failed: (p) =>
    message(
      'Payout FAILED',
      `Payout batch ${p.batchId} failed, ${qtum(p.totalSats)} returned to balances: ${p.reason}`,
      [['Plan', p.planHash], ['Batch', p.batchId], ['Txid', p.txid ?? '(none)'], ['Total', qtum(p.totalSats)], ['Reason', p.reason]],
    ),
  payout_stuck: (p) =>
    message(
      'Payout WAITING',
      `Payout batch ${p.batchId} (${qtum(p.totalSats)}) waits; nothing was returned or re-paid: ${p.reason}`,
      [['Plan', p.planHash], ['Batch', p.batchId], ['Txid', p.txid ?? '(none)'], ['Total', qtum(p.totalSats)], ['Reason', p.reason]],
    ),
  payout_dropped_confirmed: (p) =>
    message(
      'DROPPED payout CONFIRMED',
      `Dropped payout tx ${short(p.txid)} was mined at height ${p.blockHeight}: ${p.outputs} outputs, ${qtum(p.totalSats)} paid; the ledger now counts it as paid`,
      [['Plan', p.planHash], ['Batch', p.batchId], ['Txid', p.txid], ['Height', p.blockHeight], ['Outputs', p.outputs], ['Total', qtum(p.totalSats)]],
    ),
};
