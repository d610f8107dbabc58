import type { OutboxKind } from '@ppm/ledger';
import { message, qtum, short, type Renderer } from './rendered';

type ChainKinds = 'pool_reward' | 'self_reward' | 'stale_chain' | 'staking_off' | 'wallet_locked' | 'low_connections'
  | 'node_unreachable' | 'unallocated_reward' | 'reorg_reversal' | 'node_behind' | 'deep_reorg' | 'chain_stall';

/** Renderers of chain and node events. */
export const chainRenderers: { readonly [K in ChainKinds & OutboxKind]: Renderer<K> } = {
  pool_reward: (p) =>
    message(
      `Pool block ${p.height}`,
      `Pool block ${p.height}: ${qtum(p.rewardSats)} shared by ${p.delegatesPaid} delegates`,
      [['Height', p.height], ['Block', p.blockHash], ['Reward', qtum(p.rewardSats)], ['Pool fee', qtum(p.poolFeeSats)],
        ['Delegates paid', p.delegatesPaid], ['Pool weight', qtum(p.poolWeightSats)]],
    ),
  self_reward: (p) =>
    message(`Self-staked block ${p.height}`, `Self-staked block ${p.height}: ${qtum(p.rewardSats)} pool revenue`,
      [['Height', p.height], ['Block', p.blockHash], ['Reward', qtum(p.rewardSats)]]),
  stale_chain: (p) =>
    message(
      `No new block for ${p.minutes} min`,
      `No new block for ${p.minutes} min: last ${p.lastHeight} at ${p.lastBlockTime}. Check qtumd and its peers.`,
      [['Last height', p.lastHeight], ['Last block time', p.lastBlockTime], ['Minutes', p.minutes]],
    ),
  staking_off: (p) =>
    message('Staking is OFF', `Staking is OFF at height ${p.height}: ${p.reason}`, [['Height', p.height], ['Reason', p.reason]]),
  wallet_locked: (p) =>
    message('Wallet locked: staking stopped', `Wallet locked at height ${p.height}: staking stopped. Unlock for staking only.`,
      [['Height', p.height]]),
  low_connections: (p) =>
    message(`Low connections: ${p.connections}`, `qtumd has only ${p.connections} connections (threshold ${p.threshold})`,
      [['Connections', p.connections], ['Threshold', p.threshold]]),
  node_unreachable: (p) =>
    message('qtumd unreachable', `qtumd unreachable since ${p.sinceIso}: ${p.error}`,
      [['Node', p.url.replace(/\/\/[^@/]*@/, '//')], ['Since', p.sinceIso], ['Error', p.error]]),
  unallocated_reward: (p) =>
    message(`Unallocated reward at ${p.height}`, `Pool block ${p.height}: ${qtum(p.amountSats)} unallocated (no eligible weight)`,
      [['Height', p.height], ['Block', p.blockHash], ['Amount', qtum(p.amountSats)]]),
  reorg_reversal: (p) =>
    message(
      `Reorg: block ${p.height} reversed`,
      `Reorg: ${p.kind} block ${p.height} (${short(p.blockHash)}) left the chain; ${qtum(p.reversedSats)} reversed in ${p.entries} entries`,
      [['Height', p.height], ['Block', p.blockHash], ['Kind', p.kind], ['Reversed', qtum(p.reversedSats)], ['Entries', p.entries]],
    ),
  node_behind: (p) =>
    message(`qtumd behind the ledger by ${p.blocks} blocks`, `${p.message}: the node is at ${p.nodeHeight}, the ledger at ${p.ledgerHeight}. ` +
      'Following waits (nothing is reversed) and resumes by itself when the node is back.',
    [['Node height', p.nodeHeight], ['Ledger height', p.ledgerHeight], ['Blocks behind', p.blocks], ['Initial block download', String(p.initialBlockDownload)]]),
  deep_reorg: (p) =>
    message(`Deep reorg of ${p.depth} blocks: following stopped`, p.message,
      [['Fork height', p.forkHeight], ['Fork block', p.forkHash], ['Depth', p.depth], ['Limit', p.maxDepth], ['Ledger tip', p.ledgerTipHeight], ['Node height', p.nodeHeight]]),
  chain_stall: (p) =>
    message(`Ledger stalled at block ${p.height}`, p.message, [['Height', p.height], ['Block', p.hash], ['Waits for', p.waitsFor], ['Minutes', p.minutes]]),
};
