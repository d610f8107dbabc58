import type { OutboxKind, OutboxPayloads } from '@ppm/ledger';

const hash = (c: string) => c.repeat(64);

/** One realistic payload per kind (a missing kind does not compile): catalog tests, delivery tests, the bench. */
export const SAMPLE_PAYLOADS: { readonly [K in OutboxKind]: OutboxPayloads[K] } = {
  pool_reward: { height: 5509, blockHash: hash('a'), rewardSats: '100000000', poolFeeSats: '0', delegatesPaid: 7, poolWeightSats: '2500000000000' },
  self_reward: { height: 5510, blockHash: hash('b'), rewardSats: '40000000' },
  stale_chain: { lastHeight: 5511, lastBlockTime: '2026-11-30T06:00:00Z', minutes: 31 },
  staking_off: { height: 5512, reason: 'wallet has no mature coins' },
  wallet_locked: { height: 5513 },
  low_connections: { connections: 3, threshold: 5 },
  node_unreachable: { url: 'http://rpcuser:secret@127.0.0.1:3889/', error: 'ECONNREFUSED', sinceIso: '2026-11-30T06:10:00Z' },
  payout_waiting_approval: { planHash: hash('c'), delegates: 42, totalSats: '12345678900', batches: 1, asOfHeight: 5514 },
  payout_broadcast: { planHash: hash('c'), txids: [hash('d'), hash('e')], outputs: 42, totalSats: '12345678900', feeSats: '1000000' },
  payout_confirmed: { planHash: hash('c'), batchId: 'c'.repeat(12) + '-0', txid: hash('d'), outputs: 21, totalSats: '6000000000', confirmations: 6 },
  payout_failed: { planHash: hash('c'), batchId: 'c'.repeat(12) + '-1', txid: null, reason: 'conflicted with a wallet transaction', totalSats: '6345678900' },
  payout_stuck: { planHash: hash('c'), batchId: 'c'.repeat(12) + '-2', txid: hash('9'), reason: 'parent tx of an input unknown to this node', totalSats: '6345678900' },
  payout_dropped_confirmed: { planHash: hash('c'), batchId: 'c'.repeat(12) + '-3', txid: hash('8'), blockHeight: 5520, totalSats: '6345678900', outputs: 21 },
  unallocated_reward: { height: 5515, blockHash: hash('f'), amountSats: '100000000' },
  node_behind: { nodeHeight: 5350, ledgerHeight: 5500, blocks: 150, initialBlockDownload: true, message: 'node behind the ledger by 150 blocks (reindexing / catching up)' },
  deep_reorg: { forkHeight: 5300, forkHash: hash('2'), depth: 200, maxDepth: 100, ledgerTipHeight: 5500, nodeHeight: 5510, message: 'deep reorg of 200 blocks' },
  chain_stall: { height: 5501, hash: hash('3'), waitsFor: 'accrual', minutes: 16, message: 'block 5501 waits for accrual' },
  rules_reload_failed: {
    service: 'accrual', file: '/etc/ppm/rules.yaml', keptVersion: hash('c'),
    problems: ['rules.yaml: leftover: must be "pool" or "redistribute"', 'rules.yaml: minWeightSats: must be a whole number of satoshis'],
  },
  reorg_reversal: { height: 5516, blockHash: hash('1'), kind: 'pool', reversedSats: '100000000', entries: 8 },
  hourly_status: {
    height: 1_234_567, balanceSats: '1234567890123', stakeSats: '987654321000', ownWeightSats: '900000000000',
    delegatedWeightSats: '250000000000000', delegates: 321, expectedSecondsToNextBlock: 7_500, staking: true,
  },
  daily_summary: { date: '2026-11-29', poolBlocks: 12, selfBlocks: 1, rewardSats: '1300000000', paidSats: '1200000000', delegates: 321, balanceOwedSats: '450000000' },
  test: { requestedBy: 'ops-host', note: 'hello' },
};
